import { create } from 'zustand';
import type { MeasureFidelityInput, RunFidelity } from '../../../shared/fidelity';
import type { ApiError } from '../../../shared/result';
import { getClient } from '../api/client';
import { idle, settle, type Resource } from './resource';
import { optionalFields } from '../../../shared/optionalFields';

interface FidelityState extends Resource<RunFidelity> {
  /** The run whose figures `data` holds. */
  runId: string | null;
  /** The last progress line of a measurement under way, null when none runs. */
  progress: string | null;
  /** Why the last measurement failed (or could not start). */
  measureError: ApiError | null;
  load: (runId: string) => Promise<void>;
  measure: (input: MeasureFidelityInput) => Promise<void>;
  /** Follows `runs.fidelityProgress`; returns the unsubscribe. */
  listen: () => () => void;
}

/** A run's stored quantisation fidelity figures, and the measurement the Compare page starts. */
export const useFidelityStore = create<FidelityState>()((set, get) => ({
  ...idle<RunFidelity>(),
  runId: null,
  progress: null,
  measureError: null,

  async load(runId) {
    if (get().runId !== runId) set({ ...idle<RunFidelity>(), runId, progress: null, measureError: null });
    set({ status: 'loading' });
    const result = await getClient().call('runs.fidelity', { runId });
    if (get().runId !== runId) return;
    set(settle(get(), result));
    if (result.ok && result.value.running && get().progress === null) set({ progress: 'Measuring…' });
  },

  async measure(input) {
    set({ progress: 'Starting…', measureError: null });
    const result = await getClient().call('runs.measureFidelity', input);
    if (!result.ok) set({ progress: null, measureError: result.error });
  },

  listen() {
    return getClient().on('runs.fidelityProgress', (p) => {
      if (p.runId !== get().runId) return;
      if (!p.done) {
        set({ progress: p.message });
        return;
      }
      set({
        progress: null,
        measureError: p.error === null ? null : { code: 'internal', message: p.error.message, ...optionalFields({ hint: p.error.hint }) },
      });
      void get().load(p.runId);
    });
  },
}));
