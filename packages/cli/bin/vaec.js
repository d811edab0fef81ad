#!/usr/bin/env node
// vaec runs straight from its TypeScript sources through tsx's loader: no build step, so what
// `npm install` gives you can never be a stale compiled copy of the code.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
