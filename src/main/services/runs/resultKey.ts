/** The key that makes each case result unique within a run. */
export function resultKey(modelKey: string, caseId: string, repetition: number): string {
  return `${modelKey}\u0000${caseId}\u0000${repetition}`;
}

/** `m0:…`: models are keyed by position, so one file can run twice with different options. */
export function modelKey(index: number, modelId: string): string {
  return `m${index}:${modelId}`;
}
