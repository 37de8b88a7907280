/**
 * The warning for a model loaded with more context than it was trained on (its GGUF header's
 * `context_length`); null when the context fits or the header does not say.
 */
export function contextWarning(name: string, trainedContext: number | null | undefined, contextSize: number): string | null {
  if (trainedContext == null || trainedContext === 0 || contextSize <= trainedContext) return null;
  const n = (v: number): string => v.toLocaleString('en-US');
  return `${name} was trained on a ${n(trainedContext)}-token context; ${n(contextSize)} goes past it, and what it generates beyond ${n(trainedContext)} tokens is not what it learned. Use ${n(trainedContext)} or less.`;
}
