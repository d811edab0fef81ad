import type { ModelIR } from "./ir.js";
import { deriveObjectives } from "./objectives/derive-objectives.js";
import { renderText } from "./objectives/render-text.js";

/** What `vaec compile` reports about a compiled model (also its `--json` output). */
export interface ModelSummary {
  name: string;
  family: string;
  reason: string;
  data: { name: string; kind: string; shape: number[] };
  layers: Array<{ name: string; dims: number; layer: number }>;
  networks: Array<{
    id: string;
    kind: "mlp" | "conv";
    inputWidth: number;
    outputWidth: number;
    paramCount: number;
  }>;
  /** Learned likelihood scales count as parameters too. */
  paramCount: number;
  objectives: { training: string; attacks: Record<string, string> };
  hash: string;
}

export function summariseModel(ir: ModelIR): ModelSummary {
  const objectives = deriveObjectives(ir);
  return {
    name: ir.name,
    family: ir.family.name,
    reason: ir.family.reason,
    data: { name: ir.data.name, kind: ir.data.kind, shape: ir.data.shape },
    layers: ir.latents.map((l) => ({ name: l.name, dims: l.dims, layer: l.layer })),
    networks: [...ir.generative, ...ir.inference].flatMap((f) =>
      f.network
        ? [
            {
              id: f.id,
              kind: f.network.kind,
              inputWidth: f.network.inputWidth,
              outputWidth: f.network.outputWidth,
              paramCount: f.network.paramCount,
            },
          ]
        : [],
    ),
    paramCount: ir.paramCount,
    objectives: {
      training: renderText(objectives.training.equation),
      attacks: Object.fromEntries(objectives.attacks.map((a) => [a.kind, renderText(a.equation)])),
    },
    hash: ir.hash,
  };
}
