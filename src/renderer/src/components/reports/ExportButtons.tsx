import { REPORT_FORMAT_LABELS, ReportFormat } from '../../../../shared/reports';
import { formatBytes } from '../../../../shared/formatBytes';
import { useReportExport, useReportsStore } from '../../stores/reportsStore';
import { ErrorNotice } from '../ErrorNotice';
import { downloadFiles } from './downloadFiles';

const BUTTON_NAMES: Record<ReportFormat, string> = { html: 'HTML', md: 'Markdown', pdf: 'PDF', csv: 'CSV', jsonl: 'JSONL', json: 'JSON' };

function ExportButton({ format }: { format: ReportFormat }) {
  const state = useReportExport(format);
  const exportAs = useReportsStore((s) => s.exportAs);
  const run = async (): Promise<void> => {
    const files = await exportAs(format);
    if (files !== null) downloadFiles(files);
  };
  return (
    <li>
      <button type="button" title={REPORT_FORMAT_LABELS[format]} disabled={state?.status === 'pending'} onClick={() => void run()}>
        {state?.status === 'pending' ? `Exporting ${BUTTON_NAMES[format]}…` : `Export ${BUTTON_NAMES[format]}`}
      </button>
      {state?.status === 'done' && (
        <p className="export-done" role="status">
          Saved{' '}
          {state.files
            .map(
              (f) =>
                `${f.path} (${formatBytes(f.sizeBytes)}${f.base64 === null ? ', too large to download here: open it from that folder' : ''})`,
            )
            .join(', ')}
        </p>
      )}
      {state?.status === 'error' && state.error !== null && <ErrorNotice error={state.error} />}
    </li>
  );
}

/** One button per format: the file is written in the data folder's reports/ folder and downloaded. */
export function ExportButtons() {
  return (
    <section aria-label="Export" className="report-exports">
      <h2>Export</h2>
      <ul>
        {ReportFormat.options.map((f) => (
          <ExportButton key={f} format={f} />
        ))}
      </ul>
    </section>
  );
}
