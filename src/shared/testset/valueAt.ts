import type { TestSetPath } from './TestSetDiagnostic';

/** The value at a path in parsed YAML or JSON, or undefined where the path leads nowhere. */
export function valueAt(root: unknown, path: TestSetPath): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    if (Array.isArray(value)) value = typeof segment === 'number' ? (value as unknown[])[segment] : undefined;
    else value = Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
  }
  return value;
}
