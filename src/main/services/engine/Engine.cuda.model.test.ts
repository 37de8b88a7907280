import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../gguf/fixtureCache';
import { Engine } from './Engine';
import { forkWorker } from './WorkerProcess';

// End-to-end proof of CUDA offload, on machines with an NVIDIA GPU. Elsewhere the suite is
// skipped and its title says why.
const nvidia = spawnSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 10_000 });
const gpu = nvidia.status === 0 ? (nvidia.stdout.split('\n')[0]?.trim() ?? 'NVIDIA GPU') : null;
const title = gpu === null ? 'CUDA offload (skipped: no NVIDIA GPU on this machine, nvidia-smi not found)' : `CUDA offload on ${gpu}`;
const engine = new Engine({ workerScript: process.env.EVALBENCH_TEST_WORKER ?? '', launch: forkWorker });
afterAll(() => engine.dispose());
if (gpu === null) console.log(title);

describe.skipIf(gpu === null)(title, () => {
  it('offloads every layer, reports CUDA as the backend and uses VRAM', async () => {
    const fixtures = await ensureFixtures({ bench: true });
    const model = await engine.load(fixtures.files.q8_0, { backend: 'cuda', gpuLayers: 'max', contextSize: 1024 });
    expect(model.info.backend).toBe('cuda');
    expect(model.info.gpuLayers).toBe(model.info.layerCount);
    expect(model.info.memory.vramUsedBytes).toBeGreaterThan(0);
    const result = await engine.generate(model.id, { kind: 'completion', prompt: 'The history of the city' }, { maxTokens: 64 });
    expect(result.timings.generatedTokens).toBeGreaterThan(1);
    expect(result.memory.vramUsedBytes).toBeGreaterThan(0);
    console.log(
      `CUDA ${gpu}: ${result.timings.generationTokensPerSecond?.toFixed(0)} tok/s generation, ${result.timings.promptTokensPerSecond?.toFixed(0)} tok/s prompt`,
    );
    await engine.unload(model.id);
  }, 180_000);
});
