import { useCompareFilter, useCompareSort, useCompareStore } from '../../stores/compareStore';
import { FAILURE_CATEGORIES, FAILURE_CATEGORY_LABELS, type FailureCategory } from '../../../../shared/failureCategory';
import { NO_FILTER, type SortKey } from '../../stores/compareView';
import { activeFilterCount } from './filters';
import type { ModelColumn } from '../../stores/compareTypes';
import { VARIANT_SCOPES } from './variants';
import { ModelSelect } from '../ui/ModelSelect';

interface CompareToolbarProps {
  models: readonly ModelColumn[];
  tags: readonly string[];
  /** The run's robustness variants; the Variants control shows only when there are some. */
  variantCount: number;
}

function selected(select: HTMLSelectElement): string[] {
  return [...select.selectedOptions].map((o) => o.value);
}

function percent(value: string, fallback: number): number {
  const n = Number(value);
  return value.trim() === '' || !Number.isFinite(n) ? fallback : Math.min(1, Math.max(0, n / 100));
}

/** Filters and sorting of the Compare grid; they combine (every one set must hold). */
export function CompareToolbar({ models, tags, variantCount }: CompareToolbarProps) {
  const filter = useCompareFilter();
  const sort = useCompareSort();
  const setFilter = useCompareStore((s) => s.setFilter);
  const setSort = useCompareStore((s) => s.setSort);
  const pair = filter.failedButPassed;
  const first = models[0]?.key ?? '';
  const second = models[1]?.key ?? first;
  const score = filter.score;
  const active = activeFilterCount(filter);

  return (
    <div role="search" className="compare-toolbar" aria-label="Filter and sort cases">
      {variantCount > 0 && (
        <div className="field">
          <span id="variant-scope-label">Variants</span>
          <div
            role="radiogroup"
            aria-labelledby="variant-scope-label"
            className="segmented"
            title={`${variantCount.toLocaleString('en-US')} perturbed variants in this run`}
          >
            {VARIANT_SCOPES.map(({ scope, text }) => (
              <label key={scope} data-checked={filter.variants === scope}>
                <input
                  type="radio"
                  name="variant-scope"
                  value={scope}
                  checked={filter.variants === scope}
                  onChange={() => setFilter({ variants: scope })}
                />
                {text}
              </label>
            ))}
          </div>
        </div>
      )}
      <label className="field">
        <span>Search prompts and outputs</span>
        <input type="search" value={filter.search} placeholder="words…" onChange={(e) => setFilter({ search: e.target.value })} />
      </label>
      <div className="field">
        <span>Only cases</span>
        <div className="checks">
          <label className="check">
            <input type="checkbox" checked={filter.failedInAny} onChange={(e) => setFilter({ failedInAny: e.target.checked })} />
            Failed in any model
          </label>
          <label className="check">
            <input type="checkbox" checked={filter.disagree} onChange={(e) => setFilter({ disagree: e.target.checked })} />
            Models disagree
          </label>
        </div>
      </div>
      <div className="field" role="group" aria-label="Failed in one model, passed in another">
        <label className="check field-label">
          <input
            type="checkbox"
            checked={pair !== null}
            disabled={models.length < 2}
            onChange={(e) => setFilter({ failedButPassed: e.target.checked ? { failed: second, passed: first } : null })}
          />
          Failed in
        </label>
        <div className="inline-fields">
          <ModelSelect
            aria-label="Failed in model"
            models={models}
            value={pair?.failed ?? second}
            disabled={pair === null}
            onChange={(failed) => setFilter({ failedButPassed: { failed, passed: pair?.passed ?? first } })}
          />
          <span>passed in</span>
          <ModelSelect
            aria-label="Passed in model"
            models={models}
            value={pair?.passed ?? first}
            disabled={pair === null}
            onChange={(passed) => setFilter({ failedButPassed: { failed: pair?.failed ?? second, passed } })}
          />
        </div>
      </div>
      {tags.length > 0 && (
        <label className="field">
          <span>Tags</span>
          <select multiple value={[...filter.tags]} onChange={(e) => setFilter({ tags: selected(e.currentTarget) })}>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span>Failure category</span>
        <select
          value={filter.categories[0] ?? ''}
          onChange={(e) => setFilter({ categories: e.target.value === '' ? [] : [e.target.value as FailureCategory] })}
        >
          <option value="">Any</option>
          {FAILURE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {FAILURE_CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      <div className="field" role="group" aria-label="Score range">
        <span>Score % in</span>
        <div className="inline-fields">
          <ModelSelect
            aria-label="Score of model"
            models={models}
            anyLabel="any model"
            value={score?.model ?? ''}
            onChange={(model) => setFilter({ score: { min: score?.min ?? 0, max: score?.max ?? 1, model: model === '' ? null : model } })}
          />
          <input
            type="number"
            aria-label="Lowest score %"
            min={0}
            max={100}
            value={score === null ? '' : Math.round(score.min * 100)}
            placeholder="0"
            onChange={(e) =>
              setFilter({
                score:
                  e.target.value === '' && (score?.max ?? 1) === 1
                    ? null
                    : { model: score?.model ?? null, max: score?.max ?? 1, min: percent(e.target.value, 0) },
              })
            }
          />
          <span>–</span>
          <input
            type="number"
            aria-label="Highest score %"
            min={0}
            max={100}
            value={score === null ? '' : Math.round(score.max * 100)}
            placeholder="100"
            onChange={(e) =>
              setFilter({
                score:
                  e.target.value === '' && (score?.min ?? 0) === 0
                    ? null
                    : { model: score?.model ?? null, min: score?.min ?? 0, max: percent(e.target.value, 1) },
              })
            }
          />
        </div>
      </div>
      <label className="field">
        <span>Slower than (ms)</span>
        <input
          type="number"
          min={0}
          value={filter.latency?.minMs ?? ''}
          placeholder="any"
          onChange={(e) =>
            setFilter({ latency: e.target.value === '' ? null : { model: null, minMs: Math.max(0, Number(e.target.value)) } })
          }
        />
      </label>
      <div className="field" role="group" aria-label="Sort">
        <span>Sort by</span>
        <div className="inline-fields">
          <select
            aria-label="Sort by"
            value={sort.key}
            onChange={(e) =>
              setSort({
                ...sort,
                key: e.target.value as SortKey,
                direction: e.target.value === 'latency' || e.target.value === 'spread' ? 'descending' : 'ascending',
              })
            }
          >
            <option value="case">Case order</option>
            <option value="score">Score</option>
            <option value="latency">Latency</option>
            <option value="spread">Disagreement</option>
          </select>
          {(sort.key === 'score' || sort.key === 'latency') && (
            <ModelSelect
              aria-label="Sort by model"
              models={models}
              anyLabel="mean of models"
              value={sort.model ?? ''}
              onChange={(model) => setSort({ ...sort, model: model === '' ? null : model })}
            />
          )}
          <button
            type="button"
            aria-label={sort.direction === 'ascending' ? 'Ascending; switch to descending' : 'Descending; switch to ascending'}
            onClick={() => setSort({ ...sort, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' })}
          >
            {sort.direction === 'ascending' ? '↑' : '↓'}
          </button>
        </div>
      </div>
      {active > 0 && (
        <button type="button" className="clear-filters" onClick={() => setFilter({ ...NO_FILTER, variants: filter.variants })}>
          Clear filters ({active})
        </button>
      )}
    </div>
  );
}
