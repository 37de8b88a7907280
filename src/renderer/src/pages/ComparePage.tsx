import { CompareView } from '../components/compare/CompareView';
import { EndpointsPanel } from '../components/compare/EndpointsPanel';
import { LoglikelihoodPanel } from '../components/compare/LoglikelihoodPanel';
import { RobustnessPanel } from '../components/compare/RobustnessTable';
import { ResultsProgress } from '../components/compare/ResultsProgress';
import { ThroughputPanel } from '../components/compare/ThroughputPanel';
import { hasResults } from '../components/compare/RunPicker';
import { NeedsRunPage } from './NeedsRunPage';

export function ComparePage() {
  return (
    <NeedsRunPage
      title="Compare"
      emptyTitle="Nothing to compare yet"
      isReady={hasResults}
      content={(runs) => (
        <>
          <ResultsProgress />
          <CompareView runs={runs} />
          <LoglikelihoodPanel />
          <ThroughputPanel />
          <EndpointsPanel />
          <RobustnessPanel />
        </>
      )}
    >
      <p>
        Compare shows every case of a run as a row and every model as a column, so you can read outputs side by side and see where the
        models disagree.
      </p>
      <p>Start a run first, with at least two models.</p>
    </NeedsRunPage>
  );
}
