import type { TestSetSummary } from '../../../../shared/api';
import { useTestSetsStore } from '../../stores/testSetsStore';
import { formatDateTime } from '../formatters';

/** The library: every known test set with its case count and file; a name opens it in a tab. */
export function LibraryTable({ testSets }: { testSets: readonly TestSetSummary[] }) {
  const openTestSet = useTestSetsStore((s) => s.openTestSet);
  const drafts = useTestSetsStore((s) => s.drafts);
  const openIds = useTestSetsStore((s) => s.tabs.map((t) => t.id).join(' '));
  return (
    <table aria-label="Test sets" className="testset-library">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" className="numeric">
            Cases
          </th>
          <th scope="col">File</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {testSets.map((t) => (
          <tr key={t.id}>
            <td>
              <button
                type="button"
                className="link-button"
                aria-current={openIds.split(' ').includes(t.id) ? 'true' : undefined}
                onClick={() => void openTestSet({ id: t.id })}
              >
                {t.name}
              </button>
            </td>
            <td className="numeric">{t.caseCount.toLocaleString()}</td>
            <td className="path">{t.path}</td>
            <td>
              {formatDateTime(t.updatedAt)}
              {drafts[t.id] !== undefined && <span className="draft-badge">unsaved draft</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
