import { describe, expect, it } from 'vitest';
import type { Token } from 'node-llama-cpp';
import { ContextGate } from './ContextGate';
import type { AddonLane, DecodeLoopAddon, LaneTokens, LlamaCppCounters, StreamedTokens } from './decodeLoopAddon';
import { NativeDecodeLoop } from './nativeDecodeLoop';

/**
 * An addon whose first call gives each lane a token at once and whose later calls return only
 * when asked back through the control flag (a real call would run on to its end): a test
 * that waits on one of them passes only if the loop asks.
 */
class HeldAddon implements DecodeLoopAddon {
  readonly calls: AddonLane[][] = [];
  constructor(private readonly control: Int32Array) {}
  run(lanes: AddonLane[]): Promise<{ tokens: Int32Array; elapsedMs: Float64Array }[]> {
    this.calls.push(lanes);
    const result = lanes.map(() => ({ tokens: Int32Array.of(7), elapsedMs: Float64Array.of(0) }));
    if (this.calls.length === 1) return Promise.resolve(result);
    return new Promise((resolve) => {
      const poll = (): void => {
        if (this.control[0] === 1) resolve(result);
        else setTimeout(poll, 1);
      };
      poll();
    });
  }
  clear(): boolean {
    return true;
  }
  counters(): LlamaCppCounters {
    return { decodeMs: 0, decodes: 0, promptMs: 0, promptTokens: 0, graphsReused: 0 };
  }
  dispose(): void {}
}

function loopOf(sequences: number): { loop: NativeDecodeLoop; addon: HeldAddon; gate: ContextGate } {
  const control = new Int32Array(1);
  const addon = new HeldAddon(control);
  const gate = new ContextGate();
  return { loop: new NativeDecodeLoop(addon, control, { isEogToken: () => false }, gate, sequences), addon, gate };
}

const prompt = [1, 2, 3] as Token[];
const open = { maxTokens: 1000, signal: new AbortController().signal };

describe('NativeDecodeLoop asks its call under way back', () => {
  it('when a case stops reading (a stop string): the case ends without waiting out the chunk', async () => {
    const { loop, addon } = loopOf(1);
    for await (const token of loop.generate(0, prompt, open)) {
      expect(token.token).toBe(7);
      break;
    }
    expect(addon.calls.length).toBe(2);
    await loop.dispose();
  }, 5_000);

  it('when a case is cancelled', async () => {
    const { loop } = loopOf(1);
    const controller = new AbortController();
    const tokens: Token[] = [];
    for await (const { token } of loop.generate(0, prompt, { maxTokens: 1000, signal: controller.signal })) {
      tokens.push(token);
      controller.abort();
    }
    expect(tokens).toEqual([7]);
    await loop.dispose();
  }, 5_000);

  it('when a case joins, which then decodes its prompt beside the others, in sequence-id order', async () => {
    const { loop, addon } = loopOf(2);
    const first = loop.generate(1, prompt, open);
    await first.next();
    // The second call is under way and holds until asked back; the new case asks, and the next
    // call has both cases (it holds too, until the first case leaves), sequence 0 first although
    // it came second: llama.cpp computes a batch out of sequence order in parts, much slower.
    const second = loop.generate(0, [4, 5] as Token[], open);
    const secondToken = second.next();
    while (addon.calls.length < 3) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(addon.calls[2]?.map((l) => [l.sequence, [...l.input]])).toEqual([
      [0, [4, 5]],
      [1, [7]],
    ]);
    await first.return();
    expect((await secondToken).value?.token).toBe(7);
    await second.return();
    await loop.dispose();
  }, 5_000);

  it.each([
    {
      when: 'when node-llama-cpp waits for the context (a sampled or scoring case)',
      interrupt: async ({ gate }: { gate: ContextGate }) => (await gate.enter('node-llama-cpp'))(),
    },
    { when: 'when the model is unloaded', interrupt: ({ loop }: { loop: NativeDecodeLoop }) => loop.dispose() },
  ])(
    '$when',
    async ({ interrupt }) => {
      const { loop, gate } = loopOf(2);
      const case0 = loop.generate(0, prompt, open);
      await case0.next();
      // The call under way holds until asked back: this resolves only if the loop asks.
      await interrupt({ loop, gate });
      await case0.return();
      await loop.dispose();
    },
    5_000,
  );
});

/**
 * An addon that streams as the native one does: each call hands its first tokens over through
 * `onTokens` at once and returns later; `hold` calls return only when asked back.
 */
class StreamingAddon implements DecodeLoopAddon {
  returned = 0;
  constructor(
    private readonly control: Int32Array,
    private readonly script: { streamed: number[]; result: number[]; hold?: boolean; lateMs?: number }[],
  ) {}
  calls = 0;
  run(lanes: AddonLane[], _budgetMs: number, onTokens?: (chunks: StreamedTokens[]) => void): Promise<LaneTokens[]> {
    const step = this.script[this.calls++];
    if (step === undefined || onTokens === undefined) throw new Error('unexpected call');
    const of = (tokens: number[], from = 0): StreamedTokens => ({
      from,
      tokens: Int32Array.from(tokens),
      elapsedMs: Float64Array.from(tokens, () => 0),
    });
    setImmediate(() => onTokens(lanes.map(() => of(step.streamed))));
    return new Promise((resolve) => {
      const poll = (): void => {
        if (step.hold === true && this.control[0] !== 1) {
          setTimeout(poll, 1);
          return;
        }
        this.returned++;
        resolve(lanes.map(() => of(step.result)));
        // A chunk that JavaScript takes only after the result (the two come through different queues).
        if (step.lateMs !== undefined) setTimeout(() => onTokens(lanes.map(() => of(step.result))), step.lateMs);
      };
      setTimeout(poll, 5);
    });
  }
  clear(): boolean {
    return true;
  }
  counters(): LlamaCppCounters {
    return { decodeMs: 0, decodes: 0, promptMs: 0, promptTokens: 0, graphsReused: 0 };
  }
  dispose(): void {}
}

describe('NativeDecodeLoop streams tokens out of a call under way', () => {
  it('hands over the tokens a call streams before the call returns, and asks it back when the case stops reading', async () => {
    const control = new Int32Array(1);
    const addon = new StreamingAddon(control, [{ streamed: [7], result: [7, 8], hold: true }]);
    const loop = new NativeDecodeLoop(addon, control, { isEogToken: () => false }, new ContextGate(), 1);
    const generation = loop.generate(0, prompt, open);
    const first = await generation.next();
    expect(first.value?.token).toBe(7);
    expect(addon.returned).toBe(0);
    await generation.return();
    expect(addon.returned).toBe(1);
    await loop.dispose();
  }, 5_000);

  it('gives each token once, whether streamed, in the result, or streamed after the result during the next call', async () => {
    const control = new Int32Array(1);
    const addon = new StreamingAddon(control, [
      { streamed: [7], result: [7, 8], lateMs: 1 },
      { streamed: [], result: [9, 10] },
    ]);
    const loop = new NativeDecodeLoop(addon, control, { isEogToken: (t) => t === 10 }, new ContextGate(), 1);
    const tokens: number[] = [];
    for await (const { token } of loop.generate(0, prompt, open)) tokens.push(token);
    expect(tokens).toEqual([7, 8, 9]);
    await loop.dispose();
  }, 5_000);

  it('ends the case with an error met while taking streamed tokens, and asks the call back, instead of losing it', async () => {
    const control = new Int32Array(1);
    const addon = new StreamingAddon(control, [{ streamed: [7, 99], result: [7, 99], hold: true }]);
    const isEogToken = (token: Token | undefined): boolean => {
      if (token === 99) throw new Error('no such token');
      return false;
    };
    const loop = new NativeDecodeLoop(addon, control, { isEogToken }, new ContextGate(), 1);
    const tokens: number[] = [];
    await expect(
      (async () => {
        for await (const { token } of loop.generate(0, prompt, open)) tokens.push(token);
      })(),
    ).rejects.toThrow('no such token');
    expect(tokens).toEqual([7]);
    expect(addon.returned).toBe(1);
    await loop.dispose();
  }, 5_000);
});
