import { DiffEditor } from '@monaco-editor/react';
import type { editor as MonacoEditorNs } from 'monaco-editor/editor/editor.api';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { setupMonaco } from '../testsets/monacoSetup';
import type { CaseRow } from './caseRows';
import { caseAnswers, diffSides, initialPair, type DiffMode } from './diffSides';
import type { ModelColumn } from '../../stores/compareTypes';

// Monaco comes with this module, which the case detail loads only when it opens.
setupMonaco();

interface CaseDiffProps {
  row: CaseRow;
  models: readonly ModelColumn[];
  /** The model whose answer to show first. */
  focusModel: string | null;
  theme: 'light' | 'dark';
}

/** Lines the editor grows to before it scrolls: tall enough for a paragraph, short enough to leave the scorers in view. */
const MIN_LINES = 3;
const MAX_LINES = 18;
const LINE_HEIGHT = 19;

function heightFor(...texts: string[]): number {
  const lines = Math.max(...texts.map((t) => Math.ceil(t.length / 70) + (t.match(/\n/g)?.length ?? 0)));
  return (Math.min(MAX_LINES, Math.max(MIN_LINES, lines)) + 1) * LINE_HEIGHT;
}

function changesText(changes: number | null): string {
  if (changes === null) return 'Comparing…';
  return changes === 0 ? 'No differences.' : `${changes} changed ${changes === 1 ? 'region' : 'regions'}.`;
}

/**
 * Monaco's diff editor, read-only, on one case: a model's output against an expected answer, or
 * one model's output against another's (any repetition).
 */
export default function CaseDiff({ row, models, focusModel, theme }: CaseDiffProps) {
  const answers = useMemo(() => caseAnswers(row, models), [row, models]);
  const expected = row.testCase.expected;
  const [mode, setMode] = useState<DiffMode>(expected.length > 0 ? 'expected' : 'models');
  const [pair, setPair] = useState(() => initialPair(answers, focusModel));
  const [expectedIndex, setExpectedIndex] = useState(0);
  const [changes, setChanges] = useState<number | null>(null);
  const id = useId();
  const { original, modified } = diffSides(answers, expected, { mode, ...pair, expectedIndex });

  const release = useRef<(() => void) | null>(null);

  const mount = (editor: MonacoEditorNs.IStandaloneDiffEditor): void => {
    const update = (): void => setChanges(editor.getLineChanges()?.length ?? null);
    editor.onDidUpdateDiff(update);
    update();
    // The editor must let go of its models before they are disposed, or Monaco throws "TextModel got
    // disposed before DiffEditorWidget model got reset". @monaco-editor/react disposes the models
    // first, so it keeps them (keepCurrent…Model) and they are released here, in that order.
    const models = editor.getModel();
    let disposed = false;
    editor.onDidDispose(() => (disposed = true));
    release.current = () => {
      if (!disposed) editor.setModel(null);
      models?.original.dispose();
      models?.modified.dispose();
    };
  };
  useEffect(
    () => () => {
      release.current?.();
      release.current = null;
    },
    [],
  );

  const picker = (label: string, value: string, onChange: (value: string) => void) => (
    <span className="case-diff-pick">
      <label htmlFor={`${id}-${label.replace(/\s+/g, '-')}`}>{label}</label>
      <select id={`${id}-${label.replace(/\s+/g, '-')}`} value={value} onChange={(e) => onChange(e.target.value)}>
        {answers.map((a) => (
          <option key={a.id} value={a.id}>
            {a.label}
          </option>
        ))}
      </select>
    </span>
  );

  return (
    <section className="case-diff" aria-label="Diff">
      <div className="case-diff-controls">
        <div role="radiogroup" aria-label="Compare" className="case-diff-modes">
          {(
            [
              ['expected', 'Output vs expected'],
              ['models', 'Model A vs model B'],
            ] as const
          ).map(([value, text]) => (
            <label key={value}>
              <input
                type="radio"
                name={`${id}-mode`}
                value={value}
                checked={mode === value}
                disabled={value === 'expected' && expected.length === 0}
                onChange={() => setMode(value)}
              />{' '}
              {text}
            </label>
          ))}
        </div>
        {mode === 'expected' ? (
          <>
            {picker('Model', pair.a, (a) => setPair((p) => ({ ...p, a })))}
            {expected.length > 1 && (
              <span className="case-diff-pick">
                <label htmlFor={`${id}-expected`}>Expected answer</label>
                <select id={`${id}-expected`} value={expectedIndex} onChange={(e) => setExpectedIndex(Number(e.target.value))}>
                  {expected.map((text, i) => (
                    <option key={i} value={i}>
                      {i + 1}: {text.length > 40 ? `${text.slice(0, 40)}…` : text}
                    </option>
                  ))}
                </select>
              </span>
            )}
          </>
        ) : (
          <>
            {picker('Model A', pair.a, (a) => setPair((p) => ({ ...p, a })))}
            {picker('Model B', pair.b, (b) => setPair((p) => ({ ...p, b })))}
          </>
        )}
      </div>
      <div className="case-diff-sides" aria-hidden="true">
        <span>{original.label}</span>
        <span>{modified.label}</span>
      </div>
      <div className="case-diff-editor">
        <DiffEditor
          height={heightFor(original.text, modified.text)}
          original={original.text}
          modified={modified.text}
          language="plaintext"
          theme={theme === 'dark' ? 'evalbench-dark' : 'evalbench-light'}
          loading={<p className="muted">Loading the diff…</p>}
          onMount={mount}
          keepCurrentOriginalModel
          keepCurrentModifiedModel
          options={{
            readOnly: true,
            originalEditable: false,
            renderSideBySide: true,
            useInlineViewWhenSpaceIsLimited: true,
            enableSplitViewResizing: false,
            ignoreTrimWhitespace: false,
            renderOverviewRuler: false,
            automaticLayout: true,
            wordWrap: 'on',
            diffWordWrap: 'on',
            minimap: { enabled: false },
            scrollBeyondLastLine: false,
            lineNumbers: 'off',
            folding: false,
            glyphMargin: false,
            fontSize: 13,
            stickyScroll: { enabled: false },
            // Wrapped text needs no sideways scrolling, and the wheel should scroll the case detail past the editor.
            scrollbar: { horizontal: 'hidden', alwaysConsumeMouseWheel: false },
            unicodeHighlight: { ambiguousCharacters: false },
            originalAriaLabel: `${original.label}, read-only`,
            ariaLabel: `${modified.label}, read-only`,
          }}
        />
      </div>
      <p className="case-diff-status muted" role="status">
        {original.label} → {modified.label}: {changesText(changes)}
      </p>
    </section>
  );
}
