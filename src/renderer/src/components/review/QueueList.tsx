import { useEffect, useRef } from 'react';
import type { ReviewLabel } from '../../../../shared/api';
import { OutcomeBadge, VerdictBadge } from '../compare/OutcomeBadge';
import { automaticOutcome } from '../compare/outcome';
import type { ModelColumn } from '../../stores/compareTypes';
import { useWindow } from '../compare/useWindow';
import { QUEUE_REASON_LABELS, type QueueItem } from './reviewQueue';

const ITEM_HEIGHT = 52;

interface QueueListProps {
  items: readonly QueueItem[];
  models: readonly ModelColumn[];
  labels: ReadonlyMap<string, ReviewLabel>;
  current: number;
  onPick: (index: number) => void;
}

/** The review queue, windowed like the grid; the current item stays in view as j/k move through it. */
export function QueueList({ items, models, labels, current, onPick }: QueueListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const win = useWindow(viewport, items.length, ITEM_HEIGHT);
  const { scrollToRow } = win;
  useEffect(() => {
    scrollToRow(current);
    // Follows the current item only; scrollToRow is rebuilt every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);
  return (
    <div ref={viewport} className="queue-list" onScroll={win.onScroll}>
      <ol aria-label="Review queue" style={{ height: win.totalHeight }}>
        {items.slice(win.start, win.end).map((item, offset) => {
          const index = win.start + offset;
          const label = labels.get(item.id);
          return (
            <li
              key={item.id}
              style={{ transform: `translateY(${index * ITEM_HEIGHT}px)`, height: ITEM_HEIGHT }}
              aria-current={index === current ? 'true' : undefined}
              aria-setsize={items.length}
              aria-posinset={index + 1}
            >
              <button type="button" tabIndex={-1} onClick={() => onPick(index)}>
                <span className="queue-line">
                  <span className="model-swatch" data-index={item.modelIndex % 8} aria-hidden="true" />
                  <span className="queue-case">{item.result.caseId}</span>
                  <span className="queue-model">{models[item.modelIndex]?.label}</span>
                  {item.result.repetition > 0 && <span className="muted">rep {item.result.repetition + 1}</span>}
                </span>
                <span className="queue-line">
                  <OutcomeBadge outcome={automaticOutcome(item.result)} />
                  <VerdictBadge verdict={label?.verdict ?? null} />
                  <span className="muted queue-reasons">{item.reasons.map((r) => QUEUE_REASON_LABELS[r]).join(', ')}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
