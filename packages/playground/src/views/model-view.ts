import type { Diagnostic, ModelSummary } from "@vaec/compiler";

/** The model's family, size and layers, and every warning and error of the current text. */
export function renderModel(
  parent: HTMLElement,
  summary: ModelSummary | undefined,
  diagnostics: readonly Diagnostic[],
): void {
  parent.replaceChildren();
  if (summary) {
    const family = document.createElement("p");
    family.className = "family";
    family.innerHTML = `<strong></strong>: <span></span>`;
    family.querySelector("strong")!.textContent = `${summary.name}, ${summary.family}`;
    family.querySelector("span")!.textContent = summary.reason;
    const facts = document.createElement("p");
    facts.className = "facts";
    const layers = summary.layers.map((l) => `${l.name} (${l.dims})`).join(", ");
    facts.textContent = `data ${summary.data.name}: ${summary.data.kind}[${summary.data.shape.join(", ")}]; latents ${layers}; ${summary.paramCount.toLocaleString("en")} parameters`;
    parent.append(family, facts);
  }
  if (diagnostics.length > 0) {
    const list = document.createElement("ul");
    list.className = "diagnostics";
    for (const d of diagnostics) {
      const item = document.createElement("li");
      item.className = `vae-${d.severity}`;
      item.textContent = `${d.code} ${d.severity} (line ${d.span.start.line}): ${d.message}`;
      list.append(item);
    }
    parent.append(list);
  }
}
