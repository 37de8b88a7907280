import type { RunListItem } from '../../../../shared/api';
import { REPORT_SECTION_TITLES, REPORT_SECTIONS, type FailureSelection } from '../../../../shared/reports';
import { useReportDraft, useReportsStore } from '../../stores/reportsStore';
import { RunOptions } from '../RunOptions';
import { FailureCasePicker } from './FailureCasePicker';

const FAILURE_CHOICES: { mode: FailureSelection['mode']; label: string }[] = [
  { mode: 'reviewed', label: 'Reviewed failures' },
  { mode: 'all', label: 'All failures' },
  { mode: 'none', label: 'None' },
  { mode: 'picked', label: 'Hand-picked' },
];

/** The run, title, notes, sections and failure cases of the report being made. */
export function ReportOptionsForm({ runs }: { runs: readonly RunListItem[] }) {
  const draft = useReportDraft();
  const update = useReportsStore((s) => s.update);
  const selectRun = useReportsStore((s) => s.selectRun);
  const run = runs.find((r) => r.id === draft.runId);
  return (
    <form className="report-options" aria-label="Report options" onSubmit={(e) => e.preventDefault()}>
      <label>
        Run
        <select value={draft.runId ?? ''} onChange={(e) => selectRun(e.target.value)}>
          <RunOptions runs={runs} />
        </select>
      </label>
      <label>
        Title
        <input
          type="text"
          value={draft.title}
          maxLength={300}
          placeholder={run?.name ?? 'The run’s name'}
          onChange={(e) => update({ title: e.target.value })}
        />
      </label>
      <label>
        Notes
        <textarea
          value={draft.notes}
          rows={4}
          placeholder="What was compared and why; shown under the title."
          onChange={(e) => update({ notes: e.target.value })}
        />
      </label>
      <fieldset>
        <legend>Sections</legend>
        {REPORT_SECTIONS.map((section) => (
          <label key={section} className="inline">
            <input
              type="checkbox"
              checked={draft.sections.includes(section)}
              onChange={(e) =>
                update({ sections: e.target.checked ? [...draft.sections, section] : draft.sections.filter((s) => s !== section) })
              }
            />
            {REPORT_SECTION_TITLES[section]}
          </label>
        ))}
      </fieldset>
      <fieldset disabled={!draft.sections.includes('failures')}>
        <legend>Failure cases</legend>
        {FAILURE_CHOICES.map((c) => (
          <label key={c.mode} className="inline">
            <input
              type="radio"
              name="failure-cases"
              value={c.mode}
              checked={draft.failureMode === c.mode}
              onChange={() => update({ failureMode: c.mode })}
            />
            {c.label}
          </label>
        ))}
      </fieldset>
      {draft.failureMode === 'picked' && draft.sections.includes('failures') && run !== undefined && (
        <FailureCasePicker run={run} picked={draft.picked} />
      )}
    </form>
  );
}
