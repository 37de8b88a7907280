import { ReportView } from '../components/reports/ReportView';
import { NeedsRunPage } from './NeedsRunPage';

export function ReportsPage() {
  return (
    <NeedsRunPage title="Reports" emptyTitle="No run to report on yet" content={(runs) => <ReportView runs={runs} />}>
      <p>
        A report turns a finished run into something you can publish: quality with confidence intervals, latency, memory, the reviewed
        failures and everything needed to reproduce it.
      </p>
      <p>Finish a run first, then export it here.</p>
    </NeedsRunPage>
  );
}
