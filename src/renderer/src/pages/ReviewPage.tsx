import { hasResults } from '../components/compare/RunPicker';
import { ReviewView } from '../components/review/ReviewView';
import { NeedsRunPage } from './NeedsRunPage';

export function ReviewPage() {
  return (
    <NeedsRunPage title="Review" emptyTitle="Nothing to review yet" isReady={hasResults} content={(runs) => <ReviewView runs={runs} />}>
      <p>
        Review walks you through the cases worth a human look (failures, disagreements, harness errors) one key press at a time. Your labels
        override the automatic scores in the statistics; both are kept.
      </p>
      <p>Start a run first; its failures will be queued here.</p>
    </NeedsRunPage>
  );
}
