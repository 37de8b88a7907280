import { useReportPreview } from '../../stores/reportsStore';
import { ErrorNotice } from '../ErrorNotice';

/** The report as it will be exported, in a sandboxed frame (no scripts, nothing loaded). */
export function ReportPreview() {
  const preview = useReportPreview();
  return (
    <section className="report-preview" aria-label="Preview" aria-busy={preview.status === 'loading'}>
      <h2>Preview{preview.status === 'loading' ? ' (updating…)' : ''}</h2>
      {preview.error !== null && <ErrorNotice error={preview.error} />}
      {preview.data !== null && <iframe title="Report preview" sandbox="" srcDoc={preview.data} />}
    </section>
  );
}
