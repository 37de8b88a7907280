import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';

/** Where a YAML document is too deep or expands too far, with the offset of the node that tipped it over. */
export type YamlExpansionProblem = { kind: 'deep'; offset: number } | { kind: 'expanded'; offset: number; size: number };

class Tipped extends Error {
  constructor(readonly problem: YamlExpansionProblem) {
    super(problem.kind);
  }
}

/**
 * Checks, before the document is turned into JS values, that it nests at most `maxDepth` levels
 * and that replacing every alias by what it points at gives at most `maxExpanded` characters of
 * text (plus one per value): a 1 MB string aliased 2,000 times is 2 GB once expanded, and every
 * later step (validation, hashing, storing) would pay for it. Linear in the document: each
 * anchor's expanded size is computed once, where the anchor is, in document order as YAML
 * resolves aliases.
 */
export function checkYamlExpansion(doc: Document, maxDepth: number, maxExpanded: number): YamlExpansionProblem | null {
  const anchors = new Map<string, number>();
  let total = 0;
  const offsetOf = (node: unknown): number => (node as { range?: [number, number] } | null)?.range?.[0] ?? 0;
  const add = (size: number, node: unknown): void => {
    total += size;
    if (total > maxExpanded) throw new Tipped({ kind: 'expanded', offset: offsetOf(node), size: total });
  };
  const walk = (node: unknown, depth: number): number => {
    if (depth > maxDepth) throw new Tipped({ kind: 'deep', offset: offsetOf(node) });
    let size = 1;
    if (isAlias(node)) {
      size = anchors.get(node.source) ?? 1;
      add(size, node);
      return size;
    }
    if (isScalar(node)) {
      size = typeof node.value === 'string' ? node.value.length + 1 : 1;
      add(size, node);
    } else if (isMap(node) || isSeq(node)) {
      add(1, node);
      for (const item of node.items as unknown[]) {
        if (isPair(item)) size += walk(item.key, depth + 1) + walk(item.value, depth + 1);
        else size += walk(item, depth + 1);
      }
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor !== undefined) anchors.set(anchor, size);
    return size;
  };
  try {
    walk(doc.contents, 0);
  } catch (error) {
    if (error instanceof Tipped) return error.problem;
    throw error;
  }
  return null;
}
