/** JSON with object keys sorted, so that the same content always gives the same text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  return JSON.stringify(value);
}

/** 32-bit finaliser that spreads every input bit over the output. */
function mix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** 40-bit hash of a text as 10 hex digits: two FNV-1a lanes with different seeds, each finalised. */
export function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c ^ (a >>> 7), 0x01000193);
  }
  const high = mix(a ^ text.length)
    .toString(16)
    .padStart(8, '0');
  const low = mix(b).toString(16).padStart(8, '0');
  return high + low.slice(0, 2);
}

/** The content a case’s generated id derives from: the case as written, without its id. */
export function caseContent(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return stableStringify(raw);
  const { id: _id, ...rest } = raw as Record<string, unknown>;
  return stableStringify(rest);
}

/**
 * The id Evalbench gives a case that has none: `case-` and a 10-digit hash of its content (the case
 * as written, keys in any order, without `id`). Same content, same id, on every machine; editing the
 * case changes it, which is why the editor writes generated ids back into the file.
 */
export function caseContentId(raw: unknown): string {
  return `case-${hashText(caseContent(raw))}`;
}
