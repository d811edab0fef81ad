import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

/*
 * The playground builds from the packages' TypeScript sources (the `@vaec/source` export
 * condition, docs/architecture.md), so neither `npm run playground` nor the build needs the
 * packages built first. `base: "./"` makes every URL relative: dist/ works from any static host
 * or sub-folder. The diagnostics' docs pages are served and copied as diagnostics/VAEnnn.md,
 * which the editor's hover links to.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = path.resolve(here, "../../docs/diagnostics");

function diagnosticsPages(): Plugin {
  return {
    name: "vaec-diagnostics-pages",
    configureServer(server) {
      server.middlewares.use("/diagnostics", (req, res, next) => {
        const name = path.basename(decodeURIComponent((req.url ?? "").split("?")[0]));
        const file = path.join(docs, name);
        if (!/^VAE\d+\.md$/.test(name) || !fs.existsSync(file)) return next();
        res.setHeader("content-type", "text/markdown; charset=utf-8");
        res.end(fs.readFileSync(file));
      });
    },
    generateBundle() {
      for (const name of fs.readdirSync(docs).filter((f) => /^VAE\d+\.md$/.test(f))) {
        this.emitFile({
          type: "asset",
          fileName: `diagnostics/${name}`,
          source: fs.readFileSync(path.join(docs, name)),
        });
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: "./",
  resolve: {
    conditions: ["@vaec/source", "browser", "module", "development|production"],
    // prettier-plugin-vae imports `doc` and `util` from prettier; in a browser they come from
    // prettier's standalone build.
    alias: [{ find: /^prettier$/, replacement: "prettier/standalone" }],
  },
  worker: { format: "es" },
  plugins: [diagnosticsPages()],
  server: { host: "127.0.0.1", port: 5173, fs: { allow: [path.resolve(here, "../..")] } },
  preview: { host: "127.0.0.1" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 4096 },
});
