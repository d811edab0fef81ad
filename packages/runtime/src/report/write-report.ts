import fs from "node:fs";
import path from "node:path";
import {
  explainModel,
  renderDiagramSvg,
  type AttackKind,
  type Diagnostic,
  type ModelIR,
} from "@vaec/compiler";
import { attackPaths, loadAttackResults } from "../attack-pipeline/attack-results.js";
import { KIND_TITLES } from "../attack-pipeline/attack-run.js";
import { writeFileAtomic } from "../run-store/atomic-write.js";
import { sampleRun } from "../figures/sample-run.js";
import { readMetricsLog } from "../run-store/metrics-log.js";
import { readRun } from "../run-store/open-run.js";
import { missingRun } from "../train/run-diagnostics.js";
import { runPaths } from "../run-store/layout.js";
import { PANEL_PAIRS } from "../figures/attack-panel.js";
import { renderReportHtml, type ReportData } from "./html-report.js";
import {
  CURVE_TITLES,
  lambdaCurveSpec,
  renderVegaLiteSvg,
  trainingCurvesSpec,
  type CurveMetric,
} from "./plots.js";
import { healthFromMetrics } from "./health-section.js";
import type { ReportAttack } from "./attacks-section.js";
import { collectModelSections } from "./model-sections.js";
import { objectiveParts } from "./objectives-section.js";
import { readModelMetrics } from "../metrics/model-metrics.js";

/*
 * <run>/report.html from what the run directory holds: spec.vae, ir.json, metrics.jsonl, the
 * figures of `vaec sample` (drawn first if missing) and the last attack's results and panels.
 */

const CURVES: CurveMetric[] = [
  "deltaWithoutLambda",
  "distortion",
  "logLikelihoodTarget",
  "l2ToTarget",
  "l2ToSource",
];

const FIGURE_TITLES: Array<[string, string]> = [
  ["reconstructions.png", "held-out images (odd rows) above their reconstructions (even rows)"],
  ["samples.png", "samples from the prior, ancestral through p"],
];

export async function collectReportData(
  runDir: string,
): Promise<{ result?: ReportData; diagnostics: Diagnostic[] }> {
  const paths = runPaths(runDir);
  // Through the run store, so every file's version is checked (VAE547) before it is read.
  const run = readRun(runDir);
  if (!run.result) return { diagnostics: run.diagnostics };
  if (!fs.existsSync(paths.spec)) return { diagnostics: [missingRun(runDir, "spec.vae")] };
  const ir = run.result.ir;
  const specText = fs.readFileSync(paths.spec, "utf8");
  const diagnostics: Diagnostic[] = [];

  let diagramSvg: string | undefined;
  try {
    diagramSvg = await renderDiagramSvg(ir);
  } catch {
    // The report is still useful without the diagram; the section says it is missing.
  }

  const log = readMetricsLog(paths.metrics);
  diagnostics.push(...log.diagnostics);
  const records = log.records;
  const steps = records.filter((r) => r.kind === "step");
  const heldOut = records.filter((r) => r.kind === "held-out").at(-1);
  const trainingSvg =
    steps.length > 0 ? await renderVegaLiteSvg(trainingCurvesSpec(records)) : undefined;

  if (!fs.existsSync(path.join(paths.figures, "reconstructions.png"))) {
    const sampled = await sampleRun(runDir);
    diagnostics.push(...sampled.diagnostics);
  }
  const figures: ReportData["figures"] = [];
  for (const [file, title] of FIGURE_TITLES) {
    const full = path.join(paths.figures, file);
    if (fs.existsSync(full)) figures.push({ title, png: fs.readFileSync(full) });
  }

  let attack: ReportData["attack"];
  const loaded = loadAttackResults(runDir);
  diagnostics.push(...loaded.diagnostics);
  const results = loaded.result;
  if (results) {
    const panels: ReportAttack["panels"] = [];
    for (const a of results.attacks) {
      const file = a.panel && path.join(runDir, a.panel.svg);
      if (file && fs.existsSync(file)) {
        const restFile = attackPaths(runDir).panelRestSvg(a.kind);
        const shown = Math.min(a.pairs.length, PANEL_PAIRS);
        panels.push({
          kind: a.kind,
          title: `${KIND_TITLES[a.kind]}: original, target, reconstruction, adversarial input, distortion scaled to [0, 1], adversarial reconstruction (each pair at its chosen lambda)`,
          svg: fs.readFileSync(file, "utf8"),
          rest:
            a.pairs.length > shown && fs.existsSync(restFile)
              ? {
                  svg: fs.readFileSync(restFile, "utf8"),
                  title: `${KIND_TITLES[a.kind]}: pairs ${shown} to ${a.pairs.length - 1}, as above`,
                  count: a.pairs.length - shown,
                }
              : undefined,
        });
      }
    }
    const plots: Array<{ title: string; svg: string }> = [];
    for (const metric of CURVES) {
      plots.push({
        title: `${CURVE_TITLES[metric]} against log2 lambda, mean over pairs`,
        svg: await renderVegaLiteSvg(lambdaCurveSpec(results, metric)),
      });
    }
    attack = { results, panels, plots };
  }

  const modelSections = await collectModelSections(runDir);
  diagnostics.push(...modelSections.diagnostics);

  const lastStep = steps.at(-1)?.step;
  return {
    result: {
      model: {
        name: ir.name,
        family: ir.family.name,
        reason: ir.family.reason,
        paramCount: ir.paramCount,
        hash: ir.hash,
        step: typeof lastStep === "number" ? lastStep : undefined,
        heldOutElbo: typeof heldOut?.elbo === "number" ? heldOut.elbo : undefined,
      },
      specFile: ir.source.file,
      specText,
      diagramSvg,
      objectives: objectiveParts(ir),
      objectivesText: explainText(ir),
      trainingSvg,
      health: healthFromMetrics(records, ir.latents),
      evaluation: modelSections.evaluation,
      figures,
      traversals: modelSections.traversals,
      attack,
      metrics: readModelMetrics(runDir),
      generatedAt: new Date().toISOString(),
    },
    diagnostics,
  };
}

function explainText(ir: ModelIR): string {
  try {
    return explainModel(ir);
  } catch (error) {
    // An IR from an older vaec may not fit today's explanation; the rest of the report still does.
    return `the objectives could not be derived: ${(error as Error).message}`;
  }
}

/** Writes <run>/report.html atomically and returns its path. */
export async function writeRunReport(
  runDir: string,
): Promise<{ result?: string; diagnostics: Diagnostic[] }> {
  const collected = await collectReportData(runDir);
  if (!collected.result) return { diagnostics: collected.diagnostics };
  const file = path.join(runDir, "report.html");
  writeFileAtomic(file, renderReportHtml(collected.result));
  return { result: file, diagnostics: collected.diagnostics };
}
