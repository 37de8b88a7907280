import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/yaml/register';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';
import { testSetJsonSchema } from '../../../../shared/testset';
import { MODEL_ROOT } from './modelUri';
import { optionalFields } from '../../../../shared/optionalFields';

/** The test set schema under the addresses a model's `$schema=` comment may resolve to, next to the models or one folder up. */
const SCHEMA_URIS = [`${MODEL_ROOT}/testset.schema.json`, `${MODEL_ROOT.slice(0, MODEL_ROOT.lastIndexOf('/'))}/testset.schema.json`];

type WebWorkerOptions = Parameters<typeof monaco.editor.createWebWorker>[0];
/** How monaco-yaml (written for Monaco before 0.55) asks for its worker. */
interface LegacyWorkerOptions {
  moduleId?: string;
  label?: string;
  createData?: unknown;
  host?: WebWorkerOptions['host'];
  keepIdleModels?: boolean;
}

function createWorker(label: string): Worker {
  switch (label) {
    case 'json':
      return new JsonWorker({ name: 'Monaco JSON' });
    case 'yaml':
      return new YamlWorker({ name: 'Monaco YAML' });
    default:
      return new EditorWorker({ name: 'Monaco editor' });
  }
}

let ready: typeof monaco | undefined;

/** Darker and lighter editor themes that sit on the app's own surfaces. */
function defineThemes(): void {
  monaco.editor.defineTheme('evalbench-light', { base: 'vs', inherit: true, rules: [], colors: { 'editor.background': '#ffffff' } });
  monaco.editor.defineTheme('evalbench-dark', { base: 'vs-dark', inherit: true, rules: [], colors: { 'editor.background': '#1f2026' } });
}

/** JSON lines: one JSON value per line, coloured like JSON (no validation here: ours runs in its own worker). */
function registerJsonl(): void {
  monaco.languages.register({ id: 'jsonl', extensions: ['.jsonl', '.ndjson'], aliases: ['JSON Lines', 'jsonl'] });
  monaco.languages.setMonarchTokensProvider('jsonl', {
    tokenizer: {
      root: [
        [/"(?:[^"\\]|\\.)*"(?=\s*:)/, 'string.key.json'],
        [/"(?:[^"\\]|\\.)*"/, 'string.value.json'],
        [/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/, 'number.json'],
        [/\b(?:true|false|null)\b/, 'keyword.json'],
        [/[{}[\],:]/, 'delimiter.json'],
      ],
    },
  });
}

/**
 * Monaco from the bundle (never a CDN), its workers from Vite, YAML completion and hover from the
 * test set JSON Schema (monaco-yaml), the same for JSON files. Validation squiggles come from
 * Evalbench's own parser (markers set by the editor), so the language services do not validate.
 */
export function setupMonaco(): typeof monaco {
  if (ready !== undefined) return ready;
  (self as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
    getWorker: (_moduleId: string, label: string) => createWorker(label),
  };
  loader.config({ monaco });
  defineThemes();
  registerJsonl();
  const schema = testSetJsonSchema();
  // Monaco 0.55 made createWebWorker take the worker itself; monaco-yaml still passes a module id and label.
  const createWebWorker = ((options: WebWorkerOptions | LegacyWorkerOptions) => {
    if ('worker' in options) return monaco.editor.createWebWorker(options);
    const worker = createWorker(options.label ?? 'editorWorkerService');
    worker.postMessage('ignore');
    worker.postMessage(options.createData);
    return monaco.editor.createWebWorker({ worker, ...optionalFields({ host: options.host, keepIdleModels: options.keepIdleModels }) });
  }) as typeof monaco.editor.createWebWorker;
  configureMonacoYaml(
    { ...monaco, editor: { ...monaco.editor, createWebWorker } },
    {
      enableSchemaRequest: false,
      validate: false,
      completion: true,
      hover: true,
      format: { enable: false },
      schemas: SCHEMA_URIS.map((uri, i) => ({ uri, fileMatch: i === 0 ? ['*'] : [], schema: schema as never })),
    },
  );
  jsonDefaults.setDiagnosticsOptions({
    validate: false,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [{ uri: SCHEMA_URIS[0] ?? '', fileMatch: ['*.json'], schema }],
  });
  ready = monaco;
  return monaco;
}
