import type { Diagnostic } from "@vaec/compiler";

/*
 * What hovering a diagnostic shows: the code (a link to its docs page, which the build copies
 * beside the page as diagnostics/VAEnnn.md), the message, the labels and help from the compiler,
 * and the page's own explanation paragraph, fetched once per code.
 */

const explanations = new Map<string, Promise<string | undefined>>();

export function docsUrl(code: string): string {
  return `diagnostics/${code}.md`;
}

/** The paragraph under `## Explanation` of a docs page. */
export function explanationOf(markdown: string): string | undefined {
  const match = /^## Explanation\s*\n+([\s\S]*?)(?:\n## |\n*$)/m.exec(markdown);
  return match?.[1].trim().split(/\n\n/)[0]?.trim() || undefined;
}

function fetchExplanation(code: string): Promise<string | undefined> {
  let found = explanations.get(code);
  if (!found) {
    found = fetch(docsUrl(code))
      .then((response) => (response.ok ? response.text() : undefined))
      .then((text) => (text ? explanationOf(text) : undefined))
      .catch(() => undefined);
    explanations.set(code, found);
  }
  return found;
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The DOM of the hover for `diagnostic` (the explanation fills in when it arrives). */
export function renderDiagnosticTooltip(diagnostic: Diagnostic): HTMLElement {
  const root = element("div", "vae-diagnostic");
  const head = element("div", "vae-diagnostic-head");
  const link = element(
    "a",
    `vae-code vae-${diagnostic.severity}`,
    diagnostic.code,
  ) as HTMLAnchorElement;
  link.href = docsUrl(diagnostic.code);
  link.target = "_blank";
  link.rel = "noopener";
  head.append(link, ` ${diagnostic.message}`);
  root.append(head);
  if (diagnostic.primaryLabel) root.append(element("div", "vae-label", diagnostic.primaryLabel));
  for (const label of diagnostic.labels) {
    root.append(element("div", "vae-label", `line ${label.span.start.line}: ${label.message}`));
  }
  for (const note of diagnostic.notes) root.append(element("div", "vae-note", `note: ${note}`));
  if (diagnostic.help) root.append(element("div", "vae-help", `help: ${diagnostic.help}`));
  const explanation = element("div", "vae-explanation");
  root.append(explanation);
  void fetchExplanation(diagnostic.code).then((text) => {
    if (text) explanation.textContent = text;
  });
  return root;
}
