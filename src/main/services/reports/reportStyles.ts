/** The report's one stylesheet: inlined in the HTML (no fonts or images fetched), with print rules for PDF. */
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1d1f24; --muted: #5b6070; --line: #d5d8df; --pass: #1a7f37; --fail: #c62828; --error: #7f3b08; --bg-soft: #f5f6f8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1000px; padding: 32px 24px 64px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.notes p { margin: 0 0 8px; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 12.5px; }
.table-wrap { overflow-x: auto; }
caption { caption-side: top; text-align: left; color: var(--muted); padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td code, .hash { font: 11px ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
th { background: var(--bg-soft); font-weight: 600; }
figure { margin: 12px 0 20px; break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { font-weight: 600; margin-bottom: 4px; }
.chart-summary { color: var(--muted); font-size: 12px; margin: 4px 0 0; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--bg-soft); border: 1px solid var(--line); padding: 6px 8px; margin: 4px 0; font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
.case { border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px 8px; margin: 12px 0; break-inside: avoid-page; }
.answer { border-top: 1px dashed var(--line); padding-top: 6px; margin-top: 8px; }
.outcome { font-weight: 600; }
.outcome.passed { color: var(--pass); }
.outcome.failed { color: var(--fail); }
.outcome.error { color: var(--error); }
.tags { color: var(--muted); font-size: 12px; }
.review { margin: 4px 0; padding: 4px 8px; border-left: 3px solid #0072B2; background: #eef5fb; }
ul.verdicts { margin: 4px 0 12px; padding-left: 20px; }
@media screen and (max-width: 760px) {
  body { padding: 16px 12px 32px; font-size: 13px; }
  table { font-size: 11px; }
  th, td { padding: 3px 4px; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; }
  section.report-section { break-before: page; }
  section.report-section:first-of-type { break-before: auto; }
  table { font-size: 9.5px; }
  .table-wrap { overflow: visible; }
  tr, figure, .answer { break-inside: avoid; }
}
`;
