#!/usr/bin/env node
// The installed `vaec`: the compiled CLI in ../dist (`npm run build` writes it; `npm install` in
// the repository runs that build). Node 22+ keeps a compile cache of it, so later starts skip
// parsing; Node 20 has no such cache and simply starts.
import module from "node:module";

module.enableCompileCache?.();
await import("../dist/bin.js");
