/** The thread counts `auto` tries when a model loads: 1, half the physical cores and all of them, each once, ascending. */
export function threadCandidates(physicalCores: number): number[] {
  const all = Math.max(1, Math.floor(physicalCores));
  return [...new Set([1, Math.max(1, Math.floor(all / 2)), all])].sort((a, b) => a - b);
}

/** "auto: 1, 2 or 4 threads": what a blank Threads field means on a machine with these cores. */
export function autoThreadsText(physicalCores: number): string {
  const counts = threadCandidates(physicalCores);
  const last = counts.pop();
  return `auto: ${counts.length === 0 ? '' : `${counts.join(', ')} or `}${last} thread${last === 1 ? '' : 's'}`;
}
