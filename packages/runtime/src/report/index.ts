export { writeRunReport, collectReportData } from "./write-report.js";
export { renderReportHtml, REPORT_SECTIONS, type ReportData } from "./html-report.js";
export { renderVegaLiteSvg } from "./plots.js";
