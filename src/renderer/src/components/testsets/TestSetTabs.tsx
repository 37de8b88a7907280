import { useRef, type KeyboardEvent } from 'react';
import { useTabHeaders, useTestSetsStore } from '../../stores/testSetsStore';

export const PANEL_ID = 'testset-panel';
export const tabElementId = (id: string): string => `testset-tab-${id}`;

/**
 * The open test sets as a tablist: arrows, Home and End move between tabs, Delete closes one (its
 * unsaved edits stay as a draft). The × is a mouse shortcut for the same.
 */
export function TestSetTabs() {
  const headers = useTabHeaders();
  const activeId = useTestSetsStore((s) => s.activeId);
  const activate = useTestSetsStore((s) => s.activate);
  const closeTab = useTestSetsStore((s) => s.closeTab);
  const list = useRef<HTMLDivElement>(null);

  const focusTab = (id: string | undefined): void => {
    if (id === undefined) return;
    activate(id);
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(tabElementId(id))}`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent, index: number): void => {
    const move: Record<string, number | undefined> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: headers.length - 1 };
    const target = move[event.key];
    if (target !== undefined) {
      event.preventDefault();
      focusTab(headers[(target + headers.length) % headers.length]?.id);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      const id = headers[index]?.id;
      if (id !== undefined) void closeTab(id).then(() => focusTab(useTestSetsStore.getState().activeId ?? undefined));
    }
  };

  return (
    <div className="testset-tabs" role="tablist" aria-label="Open test sets" ref={list}>
      {headers.map((h, index) => {
        const active = h.id === activeId;
        return (
          <div
            key={h.id}
            role="tab"
            id={tabElementId(h.id)}
            className="testset-tab"
            aria-selected={active}
            aria-controls={PANEL_ID}
            tabIndex={active ? 0 : -1}
            title={h.path}
            onClick={() => activate(h.id)}
            onKeyDown={(e) => onKeyDown(e, index)}
          >
            <span className="testset-tab-name">{h.name}</span>
            {h.dirty && (
              <span className="testset-tab-dirty" title="Unsaved changes">
                <span aria-hidden="true">●</span>
                <span className="visually-hidden"> (unsaved changes)</span>
              </span>
            )}
            {h.errors > 0 && (
              <span className="testset-tab-errors" title={`${h.errors} error${h.errors === 1 ? '' : 's'}`}>
                <span aria-hidden="true">{h.errors}</span>
                <span className="visually-hidden">
                  {' '}
                  ({h.errors} error{h.errors === 1 ? '' : 's'})
                </span>
              </span>
            )}
            <span
              className="testset-tab-close"
              aria-hidden="true"
              title="Close (Delete); unsaved changes stay as a draft"
              onClick={(e) => {
                e.stopPropagation();
                void closeTab(h.id);
              }}
            >
              ×
            </span>
          </div>
        );
      })}
    </div>
  );
}
