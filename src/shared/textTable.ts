/**
 * A plain-text table for terminals and logs: columns padded to their widest cell, two spaces
 * apart, no trailing spaces; a rule of dashes under the header unless `rule` is false.
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  { rule = true }: { rule?: boolean } = {},
): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...(rule ? [line(widths.map((w) => '-'.repeat(w)))] : []), ...rows.map(line)];
}
