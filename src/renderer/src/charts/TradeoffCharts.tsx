import { tradeoffCharts, type TradeoffFigures } from '../../../shared/charts/tradeoffChart';
import { EChart } from './EChart';

/** Quality against file size, generation speed and peak memory, each with its Pareto frontier (the models nothing beats on both). */
export function TradeoffCharts({ models }: { models: readonly TradeoffFigures[] }) {
  return tradeoffCharts(models).map((spec) => (
    <EChart key={spec.id} label={spec.title} summary={spec.summary} option={spec.option} height={spec.height} />
  ));
}
