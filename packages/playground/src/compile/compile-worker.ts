/// <reference lib="webworker" />
import { analyseSpec } from "./analyse-spec.js";

/*
 * The compiler in a web worker, so checking a spec as the user types never stalls the editor
 * (the first diagram also loads Graphviz's WebAssembly here, off the main thread). One request
 * in, one analysis out, matched by id.
 */

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (event: MessageEvent<{ id: number; text: string }>) => {
  const { id, text } = event.data;
  try {
    self.postMessage({ id, analysis: await analyseSpec(text) });
  } catch (error) {
    // A compiler crash is a bug, not a diagnostic the user can fix: show it as one anyway.
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
