import { describe, expect, it } from 'vitest';
import { RunActivity } from './RunActivity';

describe('RunActivity', () => {
  it('tells executing a run apart from measuring its fidelity, and forgets each when it ends', () => {
    const activity = new RunActivity();
    const measuring = new AbortController();
    activity.begin('r1', 'fidelity', measuring);
    expect(activity.has('r1', 'fidelity')).toBe(true);
    expect(activity.has('r1', 'cases')).toBe(false);
    expect(activity.controller('r1', 'fidelity')).toBe(measuring);
    activity.end('r1', 'fidelity');
    expect(activity.has('r1', 'fidelity')).toBe(false);
  });

  it('stops every run of one kind of work and leaves the other kind running', () => {
    const activity = new RunActivity();
    const cases = [new AbortController(), new AbortController()];
    const fidelity = new AbortController();
    activity.begin('r1', 'cases', cases[0] ?? new AbortController());
    activity.begin('r2', 'cases', cases[1] ?? new AbortController());
    activity.begin('r3', 'fidelity', fidelity);
    activity.abortAll('cases');
    expect(cases.map((c) => c.signal.aborted)).toEqual([true, true]);
    expect(fidelity.signal.aborted).toBe(false);
  });
});
