/** Looks shared by the DOT writer, the SVG decorator and the legend, so they always match. */

export const DIAGRAM_FONT = "Helvetica";
export const OBSERVED_FILL = "#c8c8c8";
export const PATTERN_IDS = { tc: "vaec-hatch-tc", kl: "vaec-stipple-kl" } as const;
/** What the SVG asks for: Graphviz measures text as Helvetica, so metric-alike fonts come first. */
export const FONT_STACK = "Helvetica,Arial,Liberation Sans,Arimo,DejaVu Sans,sans-serif";
