/**
 * The text with every occurrence of the secret replaced, for messages built from what a
 * server said: some servers echo the key they refused.
 */
export function redactSecret(text: string, secret: string | undefined): string {
  if (secret === undefined || secret === '') return text;
  return text.split(secret).join('[API key]');
}
