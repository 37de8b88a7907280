import { encodePair } from '../multipleChoice';
import { RemoteEngineError } from '../../remote/RemoteEngineError';
import type { ScoringClient } from './ScoringClient';

/** The `/tokenize` call a server offers: vLLM's (`prompt`, `add_special_tokens`) or llama-server's (`content`, `add_special`). */
export type TokenizerKind = 'vllm' | 'llama-server';

/** Token ids of `text` by the server's own tokenizer, with or without its special tokens (BOS). */
export async function tokenizeRemote(
  client: ScoringClient,
  kind: TokenizerKind,
  text: string,
  addSpecial: boolean,
  signal?: AbortSignal,
): Promise<number[]> {
  const body =
    kind === 'vllm'
      ? { model: client.spec.model, prompt: text, add_special_tokens: addSpecial }
      : { content: text, add_special: addSpecial, with_pieces: false };
  const answer = (await client.post('/tokenize', body, { signal, root: true })) as { tokens?: unknown } | null;
  const tokens = answer?.tokens;
  if (!Array.isArray(tokens) || !tokens.every((t) => Number.isInteger(t))) {
    throw new RemoteEngineError(
      'protocol',
      `${client.name} answered POST /tokenize without a list of token ids; check the endpoint's dialect (${kind}).`,
    );
  }
  return tokens as number[];
}

/**
 * The token the server puts before a prompt (BOS), found by tokenizing the same text with and
 * without special tokens; null when it adds none.
 */
export async function remoteBos(client: ScoringClient, kind: TokenizerKind, signal?: AbortSignal): Promise<number | null> {
  const plain = await tokenizeRemote(client, kind, 'a', false, signal);
  const special = await tokenizeRemote(client, kind, 'a', true, signal);
  const first = special[0];
  return special.length === plain.length + 1 && first !== undefined && plain.every((t, i) => special[i + 1] === t) ? first : null;
}

/**
 * lm-eval's context/continuation split (`encodePair`) of each choice, with the server's
 * tokenizer: the texts `encodePair` asks for are collected first, tokenized one request each,
 * then the split is made from them.
 */
export async function encodePairsRemote(
  client: ScoringClient,
  kind: TokenizerKind,
  bos: number | null,
  context: string,
  choices: readonly string[],
  signal?: AbortSignal,
): Promise<{ context: number[]; continuation: number[] }[]> {
  const wanted = new Set<string>();
  for (const choice of choices) {
    encodePair(
      (text) => {
        wanted.add(text);
        return [0];
      },
      context,
      choice,
      bos,
    );
  }
  const tokens = new Map<string, number[]>();
  for (const text of wanted) tokens.set(text, await tokenizeRemote(client, kind, text, false, signal));
  return choices.map((choice) => encodePair((text) => tokens.get(text) ?? [], context, choice, bos));
}
