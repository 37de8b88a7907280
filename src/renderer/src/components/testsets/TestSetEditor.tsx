import Editor from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import type { editor as MonacoEditorNs } from 'monaco-editor/editor/editor.api';
import { registerTextSource, useTestSetsStore, type OpenTestSet } from '../../stores/testSetsStore';
import { setupMonaco } from './monacoSetup';
import { MODEL_ROOT, modelUri } from './modelUri';

const monaco = setupMonaco();

/** How long typing must pause before the text is read out of the editor, validated and kept as a draft. */
export const EDIT_DEBOUNCE_MS = 250;
/** Markers beyond this many are not drawn (a broken 10,000-line file would otherwise paint every line). */
const MAX_MARKERS = 2000;

type CodeEditor = MonacoEditorNs.IStandaloneCodeEditor;

const appliedVersions = new Map<string, number>();

function modelOf(id: string, file: string): MonacoEditorNs.ITextModel | null {
  return monaco.editor.getModel(monaco.Uri.parse(modelUri(id, file)));
}

/** Drops the models of test sets no longer open, with their undo history. */
function disposeClosedModels(open: ReadonlySet<string>): void {
  for (const model of monaco.editor.getModels()) {
    const uri = model.uri.toString();
    if (!uri.startsWith(`${MODEL_ROOT}/`)) continue;
    const id = uri.slice(MODEL_ROOT.length + 1).replace(/\.[^.]+$/, '');
    if (!open.has(id)) {
      model.dispose();
      appliedVersions.delete(id);
    }
  }
}

interface TestSetEditorProps {
  tab: OpenTestSet;
  theme: 'light' | 'dark';
  onSave: () => void;
}

/**
 * Monaco on the active test set: one model per open test set (switching tabs keeps each one's undo
 * history and scroll position), Evalbench's diagnostics as markers, Ctrl/Cmd+S to save, and the
 * text reported to the store a moment after typing stops.
 */
export default function TestSetEditor({ tab, theme, onSave }: TestSetEditorProps) {
  const editorRef = useRef<CodeEditor | null>(null);
  const [ready, setReady] = useState(false);
  const [cursor, setCursor] = useState({ line: 1, column: 1 });
  const onSaveRef = useRef(onSave);
  const pending = useRef<{ id: string; file: string; timer: ReturnType<typeof setTimeout> } | null>(null);
  const current = useRef({ id: tab.id, file: tab.summary.path });
  const jump = useTestSetsStore((s) => s.jump);
  const tabIds = useTestSetsStore((s) => s.tabs.map((t) => `${t.id}\u0000${t.summary.path}`).join('\n'));

  useEffect(() => {
    onSaveRef.current = onSave;
    current.current = { id: tab.id, file: tab.summary.path };
  });

  const flush = (): void => {
    const p = pending.current;
    if (p === null) return;
    clearTimeout(p.timer);
    pending.current = null;
    const model = modelOf(p.id, p.file);
    if (model !== null) useTestSetsStore.getState().edit(p.id, model.getValue());
  };

  // The store reads the newest text straight from each model when it saves, renames or exports.
  useEffect(() => {
    const stops = tabIds
      .split('\n')
      .filter(Boolean)
      .map((entry) => {
        const [id = '', file = ''] = entry.split('\u0000');
        return registerTextSource(
          id,
          () => modelOf(id, file)?.getValue() ?? useTestSetsStore.getState().tabs.find((t) => t.id === id)?.text ?? '',
        );
      });
    return () => {
      for (const stop of stops) stop();
    };
  }, [tabIds]);

  useEffect(() => {
    disposeClosedModels(new Set(useTestSetsStore.getState().tabs.map((t) => t.id)));
  }, [tabIds]);

  useEffect(
    () => () => {
      flush();
      disposeClosedModels(new Set(useTestSetsStore.getState().tabs.map((t) => t.id)));
    },
    [],
  );

  // Text replaced from outside the editor (rename, discarded draft) goes in as one undoable edit.
  useEffect(() => {
    if (!ready) return;
    const model = modelOf(tab.id, tab.summary.path);
    if (model === null || appliedVersions.get(tab.id) === tab.textVersion) return;
    appliedVersions.set(tab.id, tab.textVersion);
    if (model.getValue() !== tab.text) model.pushEditOperations([], [{ range: model.getFullModelRange(), text: tab.text }], () => null);
  }, [ready, tab.id, tab.summary.path, tab.textVersion, tab.text]);

  useEffect(() => {
    if (!ready) return;
    const model = modelOf(tab.id, tab.summary.path);
    if (model === null) return;
    const diagnostics = tab.validation?.diagnostics ?? [];
    monaco.editor.setModelMarkers(
      model,
      'evalbench',
      diagnostics.slice(0, MAX_MARKERS).map((d) => ({
        severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: d.hint === undefined ? d.message : `${d.message}\n${d.hint}`,
        source: 'evalbench',
        code: d.code,
        startLineNumber: d.line,
        startColumn: d.column,
        endLineNumber: d.endLine,
        // A zero-width range would draw nothing: underline at least one character.
        endColumn: d.endLine === d.line && d.endColumn <= d.column ? d.column + 1 : d.endColumn,
      })),
    );
  }, [ready, tab.id, tab.summary.path, tab.validation]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!ready || editor === null || jump === null || jump.id !== tab.id) return;
    if (editor.getModel()?.uri.toString() !== modelUri(tab.id, tab.summary.path)) return;
    editor.setPosition({ lineNumber: jump.line, column: jump.column });
    editor.revealLineInCenter(jump.line);
    editor.focus();
  }, [ready, jump, tab.id, tab.summary.path]);

  const mount = (editor: CodeEditor): void => {
    editorRef.current = editor;
    editor.onDidChangeModelContent(() => {
      const { id, file } = current.current;
      useTestSetsStore.getState().touch(id);
      if (pending.current !== null && pending.current.id !== id) flush();
      if (pending.current !== null) clearTimeout(pending.current.timer);
      pending.current = { id, file, timer: setTimeout(flush, EDIT_DEBOUNCE_MS) };
    });
    editor.onDidChangeModel(() => {
      flush();
      const position = editor.getPosition();
      if (position !== null) setCursor({ line: position.lineNumber, column: position.column });
    });
    editor.onDidChangeCursorPosition((e) => setCursor({ line: e.position.lineNumber, column: e.position.column }));
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => {
      flush();
      onSaveRef.current();
    });
    setReady(true);
  };

  return (
    <div className="testset-editor">
      <div className="testset-editor-frame">
        <Editor
          path={modelUri(tab.id, tab.summary.path)}
          defaultValue={tab.text}
          defaultLanguage={tab.language}
          theme={theme === 'dark' ? 'evalbench-dark' : 'evalbench-light'}
          keepCurrentModel
          saveViewState
          loading={<p className="muted">Loading the editor…</p>}
          onMount={mount}
          options={{
            ariaLabel: 'Test set editor',
            automaticLayout: true,
            minimap: { enabled: false },
            fontSize: 13,
            lineNumbersMinChars: 4,
            scrollBeyondLastLine: false,
            wordWrap: tab.language === 'jsonl' ? 'off' : 'on',
            tabSize: 2,
            insertSpaces: true,
            detectIndentation: false,
            renderWhitespace: 'selection',
            quickSuggestions: { other: true, comments: false, strings: true },
            fixedOverflowWidgets: true,
            stickyScroll: { enabled: false },
            unicodeHighlight: { ambiguousCharacters: false },
          }}
        />
      </div>
      <div className="testset-editor-status">
        <span>
          Ln {cursor.line}, Col {cursor.column}
        </span>
        <span>{tab.language === 'jsonl' ? 'JSON Lines' : tab.language === 'json' ? 'JSON' : 'YAML'}</span>
        <span
          className="muted"
          title="Ctrl+Space suggests fields · Ctrl+M switches Tab between indenting and moving focus · F1 lists every editor command"
        >
          Ctrl+Space suggests fields · Ctrl+M switches Tab between indenting and moving focus · F1 lists every editor command
        </span>
      </div>
    </div>
  );
}
