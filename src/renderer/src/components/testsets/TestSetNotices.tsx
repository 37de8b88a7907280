import { useTestSetAction, useTestSetsStore, type OpenTestSet } from '../../stores/testSetsStore';
import { ErrorNotice } from '../ErrorNotice';
import { formatDateTime } from '../formatters';

/** What the user must know about the active test set: a recovered draft, a conflict, a missing file, an import's losses. */
export function TestSetNotices({ tab }: { tab: OpenTestSet }) {
  const discard = useTestSetAction('discard');
  const store = useTestSetsStore.getState;
  return (
    <>
      {tab.recovered !== null && (
        <div className="testset-notice" role="region" aria-label="Recovered changes">
          <p>
            <strong>Unsaved changes from {formatDateTime(tab.recovered.savedAt)} were recovered</strong> and are in the editor. Save to keep
            them.
          </p>
          {tab.recovered.stale && (
            <p className="warn-text">
              The file has changed on disk since these edits were made: saving will ask before replacing those changes.
            </p>
          )}
          <button type="button" disabled={discard.status === 'pending'} onClick={() => void store().discardDraft(tab.id)}>
            Discard them and show the saved file
          </button>
        </div>
      )}
      {tab.fileMissing && (
        <div className="testset-notice" role="note">
          <p>{tab.summary.path} is no longer on disk. Saving writes it again.</p>
        </div>
      )}
      {tab.conflict && (
        <div className="testset-notice warn" role="alert">
          <p>
            <strong>{tab.summary.path} was changed on disk since it was opened here.</strong> Saving now replaces those changes with the
            text in the editor.
          </p>
          <button type="button" className="danger" onClick={() => void store().save(tab.id, true)}>
            Overwrite the file
          </button>
        </div>
      )}
      {tab.saveError !== null && !tab.conflict && <ErrorNotice error={tab.saveError} onRetry={() => void store().save(tab.id)} />}
      {discard.error !== null && <ErrorNotice error={discard.error} />}
      {tab.importReport !== null && (
        <div className="testset-notice import-report" role="region" aria-label="Import report">
          <p>
            <strong>
              Imported {tab.summary.caseCount.toLocaleString()} cases from {tab.importReport.fileName}.
            </strong>{' '}
            {tab.importReport.unmapped.length === 0 && tab.importReport.errors.length === 0
              ? 'Everything was carried over.'
              : 'Not everything could be carried over:'}
          </p>
          {(tab.importReport.errors.length > 0 || tab.importReport.unmapped.length > 0) && (
            <ul aria-label="What could not be imported">
              {tab.importReport.errors.map((e, i) => (
                <li key={`e${i}`} data-kind="error">
                  Line {e.line}: {e.message} (skipped)
                </li>
              ))}
              {tab.importReport.unmapped.map((u, i) => (
                <li key={`u${i}`}>
                  {u.line !== null && u.what === `line ${u.line}`
                    ? `Line ${u.line}: ${u.reason}`
                    : `${u.line === null ? '' : `Line ${u.line}: `}${u.what} — ${u.reason}`}
                </li>
              ))}
            </ul>
          )}
          <button type="button" onClick={() => store().dismissImportReport(tab.id)}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
