import type { ModelMetadata, ModelSummary } from '../../../../shared/models';

const PARAMETER_UNITS: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** 8_030_261_248 → "8.03 B", 154_176 → "154 k": three significant digits, as model cards write them. */
export function formatParameters(count: number): string {
  for (const [size, unit] of PARAMETER_UNITS) {
    const value = count / size;
    // 999.7 k would round to "1000 k": it is "1.00 M".
    if (value >= 0.9995) return `${value.toFixed(value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2)} ${unit}`;
  }
  return String(count);
}

/** Whole numbers with thousands separators, the way the GGUF checks print sizes. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** What the quantization column shows: the file type, and the tensor type holding most bytes when it says more. */
export function quantizationLabel(metadata: ModelMetadata | null): { fileType: string; dominant: string | null } {
  if (metadata === null) return { fileType: '—', dominant: null };
  const fileType = metadata.fileType ?? metadata.dominantTensorType ?? '—';
  const dominant = metadata.dominantTensorType !== null && metadata.dominantTensorType !== fileType ? metadata.dominantTensorType : null;
  return { fileType, dominant };
}

/** "hashing 42%", "ready", "invalid", "missing": the status as the table and announcements say it. */
export function statusText(model: Pick<ModelSummary, 'status' | 'hashProgress'>): string {
  switch (model.status) {
    case 'hashing':
      return model.hashProgress === null ? 'hashing' : `hashing ${Math.floor(model.hashProgress * 100)}%`;
    case 'ready':
    case 'invalid':
    case 'missing':
      return model.status;
    default:
      return model.status satisfies never;
  }
}

/** "about 3 min left" from what is left and the current speed; null when it cannot be told. */
export function formatTimeLeft(remainingBytes: number, bytesPerSecond: number): string | null {
  if (bytesPerSecond <= 0 || remainingBytes <= 0) return null;
  const seconds = remainingBytes / bytesPerSecond;
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}

/** The paths typed or pasted into the add field: one a line, blank lines dropped, quotes from "Copy as path" removed. */
export function splitPaths(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) =>
      line
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .replace(/^'(.*)'$/, '$1')
        .trim(),
    )
    .filter((line) => line !== '');
}
