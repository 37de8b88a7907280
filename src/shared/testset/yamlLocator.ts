import { isAlias, isCollection, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { LineIndex, type LocatedRange, type SourceLocator } from './SourceLocator';
import type { TestSetPath } from './TestSetDiagnostic';

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

/**
 * Maps test set paths to ranges in a parsed YAML document by walking its nodes: the value at the
 * path (or its key, for unknown fields), else the nearest node that exists. A block map or list is
 * underlined on its first line only, so a missing field does not paint the whole case.
 */
export function yamlLocator(doc: Document, text: string): SourceLocator {
  const lines = new LineIndex(text);
  return (path: TestSetPath, atKey = false): LocatedRange => {
    let node: unknown = resolve(doc, doc.contents);
    let key: Node | null = null;
    let found = true;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === String(segment));
        if (pair === undefined) {
          found = false;
          break;
        }
        key = isScalar(pair.key) ? pair.key : null;
        const value = resolve(doc, pair.value);
        node = value ?? pair.key;
        if (isScalar(value) && value.value === null && value.range?.[0] === value.range?.[1]) node = pair.key;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = resolve(doc, node.items[segment]);
        key = null;
      } else {
        found = false;
        break;
      }
    }
    const target = found && atKey && key !== null ? key : node;
    const range = (target as Node | null)?.range;
    if (range === undefined || range === null) return lines.range(0, lines.lineEnd(0));
    const [start, valueEnd] = range;
    const end = isCollection(target) && !target.flow ? Math.min(valueEnd, lines.lineEnd(start)) : valueEnd;
    return lines.range(start, end);
  };
}
