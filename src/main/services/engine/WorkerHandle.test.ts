import { describe, expect, it } from 'vitest';
import { causeFromLogs, withCause } from './WorkerHandle';

describe('causeFromLogs', () => {
  it('prefers llama.cpp’s "error loading model" reason over later generic lines', () => {
    const logs = [
      "llama_model_load: error loading model: missing tensor 'blk.1.ffn_up.weight'",
      'llama_model_load_from_file_impl: failed to load model',
    ];
    expect(causeFromLogs(logs)).toBe("missing tensor 'blk.1.ffn_up.weight'");
    expect(withCause({ message: 'Failed to load model', logs })).toBe("Failed to load model: missing tensor 'blk.1.ffn_up.weight'");
  });

  it('falls back to the last telling line, and to nothing when there is none', () => {
    expect(causeFromLogs(['ggml.c:123: GGML_ASSERT(n_head > 0) failed'])).toBe('GGML_ASSERT(n_head > 0) failed');
    expect(causeFromLogs(['llama_model_load_from_file_impl: failed to load model'])).toBeNull();
    expect(withCause({ message: 'Failed to load model', logs: [] })).toBe('Failed to load model');
  });
});
