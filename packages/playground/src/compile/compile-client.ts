import type { SpecAnalysis } from "./analyse-spec.js";

/** Talks to the compile worker: `analyse(text)` resolves with the analysis of that text. */
export class CompileClient {
  private readonly worker = new Worker(new URL("./compile-worker.ts", import.meta.url), {
    type: "module",
  });
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (a: SpecAnalysis) => void; reject: (e: Error) => void }
  >();

  constructor() {
    this.worker.onmessage = (
      event: MessageEvent<{ id: number; analysis?: SpecAnalysis; error?: string }>,
    ) => {
      const waiting = this.pending.get(event.data.id);
      if (!waiting) return;
      this.pending.delete(event.data.id);
      if (event.data.analysis) waiting.resolve(event.data.analysis);
      else waiting.reject(new Error(event.data.error ?? "the compiler stopped"));
    };
  }

  analyse(text: string): Promise<SpecAnalysis> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, text });
    });
  }
}
