import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReportFixture, type ReportFixture } from '../../main/services/reports/testing/makeReportFixture';
import { runCli } from '../testing/runCli';
import { formatDuration } from '../../shared/formatDuration';

let fixture: ReportFixture;
beforeAll(async () => {
  fixture = await makeReportFixture();
}, 60_000);
afterAll(async () => {
  await fixture.dispose();
});

const cli = (args: string[]) => runCli(args, { EVALBENCH_HOME: fixture.home });

describe('evalbench runs', () => {
  it('lists runs with a short id that every command takes back', async () => {
    const listed = await cli(['runs']);
    expect(listed.err).toBe('');
    expect(listed.code).toBe(0);
    const short = fixture.runId.slice(0, 8);
    expect(listed.out).toMatch(new RegExp(`^${short}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d`, 'm'));
    expect(listed.out).toContain('evalbench runs show ID');

    const json = await cli(['runs', '--json']);
    const runs = JSON.parse(json.out) as { id: string; done: number; models: string[] }[];
    expect(runs.map((r) => r.id)).toContain(fixture.runId);

    const report = await cli(['report', short, '--format', 'json', '--out', `${fixture.home}/short-id.json`]);
    expect(report.err).toBe('');
    expect(report.code).toBe(0);
  });

  it('shows one run: settings, models, pass rates with intervals, and the commands that use it', async () => {
    const { code, out, err } = await cli(['runs', 'show', fixture.runId.slice(0, 10)]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`ID          ${fixture.runId}`);
    expect(out).toMatch(/Pass rate \(95% CI\)/);
    expect(out).toMatch(/\d+\.\d%\s+\(\d+\.\d%–\d+\.\d%\)/);
    expect(out).toContain(`evalbench report ${fixture.runId.slice(0, 8)} --format html`);

    const json = JSON.parse((await cli(['runs', 'show', fixture.runId, '--json'])).out) as { id: string; summary: { models: unknown[] } };
    expect(json.id).toBe(fixture.runId);
    expect(json.summary.models.length).toBeGreaterThan(0);
  });

  it('names `evalbench runs` when an id is wrong, and refuses bad arguments as usage errors', async () => {
    const missing = await cli(['runs', 'show', 'ffff0000']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No run ffff0000');
    expect(missing.err).toContain('evalbench runs');
    const report = await cli(['report', 'ffff0000', '--format', 'json']);
    expect(report.code).toBe(1);
    expect(report.err).toContain('evalbench runs');
    expect((await cli(['runs', 'shwo', 'x'])).code).toBe(2);
    expect((await cli(['runs', '--limit', '0'])).code).toBe(2);
  });
});

describe('formatDuration', () => {
  it('reads as a person says it', () => {
    const start = '2026-12-06T10:00:00.000Z';
    expect(formatDuration(start, '2026-12-06T10:00:12.400Z')).toBe('12 s');
    expect(formatDuration(start, '2026-12-06T10:03:05.000Z')).toBe('3 min 05 s');
    expect(formatDuration(start, '2026-12-06T11:02:00.000Z')).toBe('1 h 02 min');
    expect(formatDuration(start, null)).toBe('—');
  });
});
