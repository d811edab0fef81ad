// Prettier loads plugins with plain Node, which cannot read TypeScript: register tsx's loader
// first, then hand over to the real plugin. This keeps one source of truth with no build step.
import { register } from "tsx/esm/api";

register();
const plugin = await import("./src/plugin.ts");

export const { languages, parsers, printers, options } = plugin;
export default plugin;
