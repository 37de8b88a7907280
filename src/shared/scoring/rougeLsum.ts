import type { RougeScore } from './rougeScore';

function lcsTable(ref: readonly string[], can: readonly string[]): Uint32Array[] {
  const table = Array.from({ length: ref.length + 1 }, () => new Uint32Array(can.length + 1));
  for (let i = 1; i <= ref.length; i++) {
    const row = table[i] ?? new Uint32Array(0);
    const prev = table[i - 1] ?? new Uint32Array(0);
    for (let j = 1; j <= can.length; j++) {
      row[j] = ref[i - 1] === can[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, row[j - 1] ?? 0);
    }
  }
  return table;
}

/**
 * Indices into `ref` of one longest common subsequence, read back as rouge-score's
 * `_backtrack_norec` does: on a tie it steps up (i − 1), which decides which LCS is returned.
 */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const t = lcsTable(ref, can);
  const indices: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      indices.unshift(i - 1);
      i--;
      j--;
    } else if ((t[i]?.[j - 1] ?? 0) > (t[i - 1]?.[j] ?? 0)) {
      j--;
    } else {
      i--;
    }
  }
  return indices;
}

function countTokens(sentences: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sentences) for (const t of s) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/**
 * Summary-level ROUGE-L (rouge-score `rougeLsum`, ROUGE paper §3.2): for each reference sentence,
 * the union of its LCSs with every prediction sentence; a token is counted at most as often as it
 * occurs on both sides, as ROUGE-1.5.5 does. Sentences are the already tokenised lines.
 */
export function summaryLevelLcs(refSentences: readonly (readonly string[])[], predSentences: readonly (readonly string[])[]): RougeScore {
  const m = refSentences.reduce((s, x) => s + x.length, 0);
  const n = predSentences.reduce((s, x) => s + x.length, 0);
  if (m === 0 || n === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const refCounts = countTokens(refSentences);
  const predCounts = countTokens(predSentences);
  let hits = 0;
  for (const ref of refSentences) {
    const union = new Set<number>();
    for (const pred of predSentences) for (const i of lcsIndices(ref, pred)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const token = ref[i] ?? '';
      const r = refCounts.get(token) ?? 0;
      const c = predCounts.get(token) ?? 0;
      if (r > 0 && c > 0) {
        hits++;
        refCounts.set(token, r - 1);
        predCounts.set(token, c - 1);
      }
    }
  }
  const precision = hits / n;
  const recall = hits / m;
  return { precision, recall, fmeasure: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}
