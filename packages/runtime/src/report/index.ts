export { writeRunReport, collectReportData } from "./write-report.js";
export { renderReportHtml, REPORT_SECTIONS, type ReportData } from "./html-report.js";
export { renderAttackPanelSvg, type AttackPanel, type PanelRow } from "./attack-panel.js";
export { renderVegaLiteSvg } from "./plots.js";
