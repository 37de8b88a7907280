/** A parsed `Content-Range` header. */
export interface ContentRange {
  /** First byte of the body, or null for `bytes *\/total` (the answer to an unsatisfiable range). */
  start: number | null;
  /** Last byte of the body (inclusive), or null with `start`. */
  end: number | null;
  /** Full size of the resource, or null when the server wrote `*`. */
  total: number | null;
}

const rangeForm = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/i;

/** Parses `bytes START-END/TOTAL` or `bytes *\/TOTAL`; null when absent or malformed. */
export function parseContentRange(header: string | null): ContentRange | null {
  const match = rangeForm.exec(header?.trim() ?? '');
  if (match === null) return null;
  const [, start, end, total] = match;
  const range: ContentRange = {
    start: start === undefined ? null : Number(start),
    end: end === undefined ? null : Number(end),
    total: total === undefined || total === '*' ? null : Number(total),
  };
  if (range.start !== null && range.end !== null && range.end < range.start) return null;
  if (range.start === null && range.total === null) return null;
  return range;
}
