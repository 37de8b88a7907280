import { useCurrentPage } from '../stores/uiStore';
import { ComparePage } from './ComparePage';
import { ModelsPage } from './ModelsPage';
import { ReportsPage } from './ReportsPage';
import { ReviewPage } from './ReviewPage';
import { RunsPage } from './RunsPage';
import { TestSetsPage } from './TestSetsPage';

export function CurrentPage() {
  const page = useCurrentPage();
  switch (page) {
    case 'test-sets':
      return <TestSetsPage />;
    case 'models':
      return <ModelsPage />;
    case 'runs':
      return <RunsPage />;
    case 'compare':
      return <ComparePage />;
    case 'review':
      return <ReviewPage />;
    case 'reports':
      return <ReportsPage />;
    default:
      return page satisfies never;
  }
}
