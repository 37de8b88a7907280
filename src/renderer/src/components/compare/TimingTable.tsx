import type { RunSummary } from '../../../../shared/runSummary';
import { DECODE_RATES_NOTE } from '../../../../shared/engine';
import { busyMachineNote, medianSpread } from '../../../../shared/stats';
import './robustness.css';
import { DataTable } from '../ui/DataTable';

type Samples = NonNullable<RunSummary['models'][number]['generationTokensPerSecond']>;

function Median({ samples, digits }: { samples: Samples | null; digits: number }) {
  if (samples === null) return <td className="num">—</td>;
  const { iqr, wide } = medianSpread(samples);
  return (
    <td className="num" data-wide={wide}>
      {samples.median.toFixed(digits)}{' '}
      <span className="muted">
        (IQR {iqr.toFixed(digits)}, n={samples.n})
      </span>
      {wide && <span className="field-error"> spread too wide to compare</span>}
    </td>
  );
}

/**
 * Each model's timing medians with their interquartile range and the number of timed generations,
 * a flag where the spread is too wide to compare, and a warning when the machine was busy.
 */
export function TimingTable({ summary }: { summary: RunSummary }) {
  const busy = busyMachineNote(summary.competingLoad);
  const inside = summary.models.some((m) => m.llamaCppDecodeTokensPerSecond != null);
  return (
    <section className="robustness" aria-labelledby="timing-title">
      <h3 id="timing-title">Timing</h3>
      {busy !== null && (
        <p role="note" className="field-error">
          {busy}
        </p>
      )}
      <DataTable
        label="Timing"
        className="robustness-table"
        columns={[
          'Model',
          'TTFT ms, median (IQR, n)',
          'Generation tokens/s, median (IQR, n)',
          ...(inside ? ['Decode inside llama.cpp tokens/s, median (IQR, n)'] : []),
          'Prompt tokens/s, median (IQR, n)',
        ]}
      >
        {summary.models.map((m) => (
          <tr key={m.modelKey}>
            <th scope="row">{m.label}</th>
            <Median samples={m.timeToFirstTokenMs} digits={0} />
            <Median samples={m.generationTokensPerSecond} digits={1} />
            {inside && <Median samples={m.llamaCppDecodeTokensPerSecond ?? null} digits={1} />}
            <Median samples={m.promptTokensPerSecond} digits={0} />
          </tr>
        ))}
      </DataTable>
      <p className="muted">
        A median is flagged when its interquartile range is over half of it: differences between such figures are noise.
        {inside && ` ${DECODE_RATES_NOTE}`}
      </p>
    </section>
  );
}
