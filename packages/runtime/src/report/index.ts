export { writeRunReport, collectReportData } from "./write-report.js";
export { renderReportHtml, REPORT_SECTIONS, type ReportData } from "./html-report.js";
export { renderAttackPanelSvg, type AttackPanel, type PanelRow } from "./attack-panel.js";
export { renderVegaLiteSvg } from "./plots.js";
export {
  writeStudyReport,
  cellPlotSpec,
  pairRowsCsv,
  type StudyReportInput,
} from "./sweep-report.js";
export { renderStudyHtml, type StudyFailure, type StudyReportData } from "./study-html.js";
