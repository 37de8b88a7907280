/**
 * Prompt processing speed as llama-bench reports it: prompt tokens ÷ prompt evaluation time.
 * Null when there is no time to divide by.
 */
export function promptTokensPerSecond(promptTokens: number, promptEvalMs: number): number | null {
  return promptEvalMs > 0 && promptTokens >= 0 ? promptTokens / (promptEvalMs / 1000) : null;
}

/**
 * Generation speed as llama-bench and LM Studio report it: the tokens generated after the first,
 * divided by the time since the first token (the first token's latency belongs to time to first
 * token, not to generation). Null with fewer than two tokens or no elapsed time.
 */
export function generationTokensPerSecond(generatedTokens: number, msAfterFirstToken: number): number | null {
  return generatedTokens >= 2 && msAfterFirstToken > 0 ? (generatedTokens - 1) / (msAfterFirstToken / 1000) : null;
}
