import type { ModelIR } from "../ir.js";
import { deriveObjectives, type Derivation } from "./derive-objectives.js";
import { renderLatex } from "./render-latex.js";
import { variable } from "./math.js";
import { renderText } from "./render-text.js";

export interface ExplainOptions {
  latex?: boolean;
}

const ATTACK_TITLES = {
  kl: "Latent attack, KL (Tabacof et al., 2016; Gondim-Ribeiro et al., 2018)",
  w2: "Latent attack, 2-Wasserstein",
  output: "Output attack (Kos et al., 2018)",
} as const;

/** One part of the explanation: a title, a plain-words introduction and the derivation. */
export interface ExplanationSection {
  title: string;
  intro: string;
  derivation: Derivation;
}

/**
 * The parts of the explanation in order: the factorisations of p and q, the training objective
 * and each attack's. `vaec explain` prints them; the HTML report typesets them.
 */
export function explanationSections(ir: ModelIR): ExplanationSection[] {
  const objectives = deriveObjectives(ir);
  return [
    {
      title: "Generative model p",
      intro:
        "How the model imagines the data is made: sample the top layer from its prior, then each layer from the one above, then the data from the layers the likelihood sees (ancestral sampling, parents first). θ are the decoder networks' parameters.",
      derivation: objectives.generative,
    },
    {
      title: "Inference model q",
      intro:
        "The encoder: the approximate posterior over the latent layers given the data, sampled in this order with the reparameterisation trick. φ are the encoder networks' parameters.",
      derivation: objectives.inference,
    },
    {
      title: "Training objective (maximised)",
      intro: ir.penalties.length
        ? "The evidence lower bound (ELBO) on log p(x), with the spec's penalties; with every β = 1 and no free bits it is the plain ELBO, which is what evaluation reports."
        : "The evidence lower bound (ELBO) on log p(x): maximising it fits the decoder and trains the encoder to approximate the true posterior.",
      derivation: objectives.training,
    },
    ...objectives.attacks.map((attack) => ({
      title: ATTACK_TITLES[attack.kind],
      intro: `The adversary looks for a perturbation d of a source image x that makes the model ${attack.kind === "output" ? "reconstruct the target" : "encode x + d like the target"} xᵗ, minimising this (with ${ir.attack.optimizer.kind === "lbfgsb" ? "L-BFGS-B" : "projected Adam"}, ${ir.attack.optimizer.steps} steps). A robust model makes the minimum large.${attack.kind !== "output" ? ` It sums over the layers the likelihood sees: ${ir.attack.layers.join(", ")}.` : ""}`,
      derivation: attack,
    })),
  ];
}

/**
 * A model's structure and objectives for a student: the factorisations of p and q, the
 * training objective term by term, and each attack objective, in plain text (Unicode maths) or
 * as a LaTeX document body.
 */
export function explainModel(ir: ModelIR, options: ExplainOptions = {}): string {
  const latex = options.latex === true;
  const out: string[] = [];
  const heading = (text: string): void => {
    out.push(latex ? `\\section*{${escapeLatex(text)}}` : `${text}\n${"=".repeat(text.length)}`);
  };
  const section = (title: string, intro: string, derivation: Derivation): void => {
    heading(title);
    out.push(latex ? escapeLatex(intro) : wrap(intro));
    out.push(
      latex
        ? `\\[\n${renderLatex(derivation.equation)}\n\\]`
        : `\n    ${renderText(derivation.equation)}\n`,
    );
    if (latex) {
      out.push("\\begin{itemize}");
      for (const term of derivation.terms)
        out.push(`  \\item $${renderLatex(term.expr)}$: ${escapeLatex(term.account)}`);
      out.push("\\end{itemize}");
    } else {
      for (const term of derivation.terms)
        out.push(`  • ${renderText(term.expr)}\n${wrap(term.account, "      ")}`);
    }
    out.push("");
  };

  const layers = ir.latents.map((l) => `${l.name} (${l.dims})`).join(", ");
  if (latex) {
    out.push(`% vaec explain ${ir.source.file}`);
    out.push(
      `\\paragraph{${escapeLatex(ir.name)}} ${escapeLatex(`${ir.family.name}: ${ir.family.reason}.`)}`,
    );
  } else {
    out.push(`${ir.name}: ${ir.family.name}`);
    out.push(
      wrap(
        `${ir.family.reason}. Data \`${ir.data.name}\`: ${ir.data.kind}[${ir.data.shape.join(", ")}] in [${ir.data.range.join(", ")}]; latent layers: ${layers}; ${ir.paramCount.toLocaleString("en-US")} parameters in all.`,
      ),
    );
  }
  const shown = (name: string): string => renderText(variable(name));
  const first = ir.latents[0].name;
  const last = ir.latents[ir.latents.length - 1].name;
  const notation =
    `Notation: ${shown(ir.data.name)} is the data${ir.latents.length === 1 ? ` and ${shown(first)} the latent layer` : ` and ${shown(first)} … ${shown(last)} the latent layers from the bottom to the top, z⃗ all of them`}; ` +
    "p is the generative model (decoder, parameters θ) and q the inference model (encoder, parameters φ); " +
    "𝔼 is an expectation, KL a Kullback-Leibler divergence, 𝒩 a diagonal Gaussian.";
  const points = ir.sweeps.reduce((n, s) => n * s.values.length, 1);
  const axes = ir.sweeps.map(
    (s) => `\`${s.key}\` over [${s.values.map((v) => v.text).join(", ")}]`,
  );
  const sweeps =
    axes.length === 0
      ? []
      : [
          `This spec sweeps ${axes.join(" and ")}: ${axes.length > 1 ? `a grid of ${points} points, ` : ""}one model per ${axes.length > 1 ? "point" : "value"}.`,
        ];
  for (const text of [notation, ...sweeps]) out.push("", latex ? escapeLatex(text) : wrap(text));
  out.push("");
  for (const part of explanationSections(ir)) section(part.title, part.intro, part.derivation);
  const body = out.join("\n").trimEnd();
  if (!latex) return `${body}\n`;
  // a standalone document, so `vaec explain m.vae --latex > m.tex && pdflatex m.tex` works
  return [
    "\\documentclass{article}",
    "\\usepackage{amsmath,amssymb}",
    "\\usepackage[margin=2cm]{geometry}",
    "\\begin{document}",
    body,
    "\\end{document}",
    "",
  ].join("\n");
}

function escapeLatex(text: string): string {
  return text
    .replace(/\\/g, "\\textbackslash{}")
    .replace(/([#$%&_{}])/g, "\\$1")
    .replace(/`([^`]+)`/g, "\\texttt{$1}")
    .replace(/\^/g, "\\^{}")
    .replace(/z⃗/g, "$\\vec{z}$")
    .replace(/[‖∏ₖλβθφ→⁰¹²³⁴⁵⁶⁷⁸⁹ᵗ−…𝔼𝒩]/gu, (c) => LATEX_CHARS[c] ?? c);
}

const LATEX_CHARS: Record<string, string> = {
  ...Object.fromEntries([..."⁰¹²³⁴⁵⁶⁷⁸⁹"].map((c, i) => [c, `$^${i}$`])),
  "‖": "$\\|$",
  "∏": "$\\prod$",
  ₖ: "$_k$",
  λ: "$\\lambda$",
  β: "$\\beta$",
  θ: "$\\theta$",
  φ: "$\\phi$",
  "→": "$\\to$",
  "−": "$-$",
  ᵗ: "$^t$",
  "…": "\\ldots{}",
  "𝔼": "$\\mathbb{E}$",
  "𝒩": "$\\mathcal{N}$",
};

/** Wraps prose at 100 columns with an indent. */
function wrap(text: string, indent = ""): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = indent;
  for (const word of words) {
    if (line.trim() && line.length + word.length + 1 > 100) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += (line.trim() ? " " : "") + word;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.join("\n");
}
