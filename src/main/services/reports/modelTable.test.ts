import { describe, expect, it } from 'vitest';
import type { LoadedModelInfo } from '../../../shared/engine';
import type { Report, ReportModelInfo } from './Report';
import { modelTable } from './reportTables';

const loaded: LoadedModelInfo = {
  backend: 'cpu',
  gpuName: null,
  layerCount: 8,
  gpuLayers: 0,
  contextSize: 512,
  batchSize: 512,
  threads: 1,
  flashAttention: false,
  trainContextSize: 1024,
  hasChatTemplate: false,
  llamaCppRelease: 'v0.5.0',
  nodeLlamaCppVersion: '3.22.1',
  loadMs: 12,
  memory: { rssBytes: 1, peakRssBytes: 1, vramUsedBytes: null },
};

function loadedAs(info: LoadedModelInfo): string | undefined {
  const model = { label: 'm', remote: null, path: '/m.gguf', sha256: null, sizeBytes: 1, metadata: null, load: {}, loaded: info };
  const table = modelTable({ models: [model as unknown as ReportModelInfo] } as unknown as Report);
  return table.rows.find((r) => r[0] === 'Loaded as')?.[1];
}

describe('modelTable', () => {
  it('says which loop generated the greedy cases, and why not the native one', () => {
    expect(loadedAs({ ...loaded, generationLoop: { native: true, note: 'native' } })).toMatch(
      /, greedy cases in Evalbench’s native decode loop$/,
    );
    expect(loadedAs({ ...loaded, generationLoop: { native: false, note: 'not built' } })).toMatch(
      /, node-llama-cpp’s generation loop \(native decode loop: not built\)$/,
    );
    // Runs from before the native loop recorded nothing, and the report claims nothing for them.
    expect(loadedAs(loaded)).toMatch(/llama\.cpp v0\.5\.0$/);
  });
});
