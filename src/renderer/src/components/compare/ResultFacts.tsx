import { formatBytes } from '../formatters';
import { memoryText, RemoteFacts } from './RemoteFacts';
import type { ScoredResult } from '../../stores/compareTypes';

function ms(value: number | null | undefined): string {
  return value == null ? '—' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

function rate(value: number | null | undefined): string {
  return value == null ? '—' : `${value.toFixed(1)} tok/s`;
}

/** Token counts, timings, memory and how generation stopped, for one result. */
export function ResultFacts({ result }: { result: ScoredResult }) {
  const t = result.timings;
  if (result.loglikelihood !== null) return <ChoiceFacts result={result} scoring={result.loglikelihood} />;
  return (
    <dl className="facts result-facts">
      <dt>Stopped</dt>
      <dd>{result.stopReason === 'max_tokens' ? 'at the token limit (max_tokens)' : (result.stopReason ?? '—')}</dd>
      <dt>Tokens</dt>
      <dd>{t === null ? '—' : `${t.promptTokens} prompt, ${t.generatedTokens} generated`}</dd>
      <dt>Time to first token</dt>
      <dd>{ms(t?.timeToFirstTokenMs)}</dd>
      <dt>Prompt speed</dt>
      <dd>{rate(t?.promptTokensPerSecond)}</dd>
      <dt>Generation speed</dt>
      <dd>{rate(t?.generationTokensPerSecond)}</dd>
      {t?.llamaCppDecodeTokensPerSecond !== undefined && (
        <>
          <dt>Decode inside llama.cpp</dt>
          <dd title="llama.cpp's own counters: single-token decodes ÷ their compute time, llama-bench tg's measure">
            {rate(t.llamaCppDecodeTokensPerSecond)}
          </dd>
        </>
      )}
      <dt>Total</dt>
      <dd>{ms(t?.totalMs)}</dd>
      <dt>{result.endpoint === null ? 'Worker peak RSS' : 'Server peak RSS'}</dt>
      <dd>{memoryText(result)}</dd>
      {result.memory?.vramUsedBytes != null && (
        <>
          <dt>VRAM</dt>
          <dd>{formatBytes(result.memory.vramUsedBytes)}</dd>
        </>
      )}
      <RemoteFacts result={result} />
      <dt>Seed</dt>
      <dd>{result.seed}</dd>
      {result.cachedFrom != null && (
        <>
          <dt>Cached</dt>
          <dd>output reused from run {result.cachedFrom}; not timed</dd>
        </>
      )}
    </dl>
  );
}

/** What scoring a log-likelihood case took: nothing is generated, so there is no TTFT or speed to show. */
function ChoiceFacts({ result, scoring }: { result: ScoredResult; scoring: NonNullable<ScoredResult['loglikelihood']> }) {
  const context = scoring.choices.find((c) => c.contextTokens !== undefined)?.contextTokens;
  const tokens = scoring.choices.reduce((sum, c) => sum + c.tokens, 0);
  return (
    <dl className="facts result-facts">
      <dt>Scored</dt>
      <dd>
        {scoring.choices.length} choices, {tokens} choice tokens{context === undefined ? '' : ` after a ${context}-token prompt`}
      </dd>
      <dt>Pick (acc)</dt>
      <dd>choice {scoring.predicted + 1}</dd>
      <dt>Pick (acc_norm)</dt>
      <dd>choice {scoring.predictedNorm + 1}</dd>
      <dt>Total</dt>
      <dd>{ms(scoring.totalMs)}</dd>
      <dt>{result.endpoint === null ? 'Worker peak RSS' : 'Server peak RSS'}</dt>
      <dd>{memoryText(result)}</dd>
      <RemoteFacts result={result} />
    </dl>
  );
}
