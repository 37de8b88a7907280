import { NeedsRunPage } from './NeedsRunPage';

export function ReviewPage() {
  return (
    <NeedsRunPage title="Review" emptyTitle="Nothing to review yet">
      <p>Review walks you through the cases worth a human look (failures, disagreements, unsure judge verdicts) one key press at a time. Your labels override the automatic scores.</p>
      <p>Finish a run first; its failures will be queued here.</p>
    </NeedsRunPage>
  );
}
