import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { evalbenchPlugin } from './scripts/eslint/noImportCycle.mjs';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'util',
  'worker_threads',
  'stream',
];

/** Import rules per folder keep each layer honest about the runtime it runs in. */
const layerRules = {
  shared: {
    patterns: [
      { group: nodeBuiltins, message: 'src/shared runs in every runtime: no Node built-ins.' },
      {
        group: ['electron', 'react', 'react-dom', 'zustand', 'libsql', 'ws', 'node-llama-cpp'],
        message: 'src/shared is runtime-free: only pure helpers and schemas.',
      },
      { group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/cli/**'], message: 'src/shared must not depend on a runtime layer.' },
    ],
  },
  services: {
    patterns: [
      {
        group: ['electron', 'electron/*'],
        message: 'Services run under plain Node too: only src/main/index.ts and its IPC adapter import electron.',
      },
      { group: ['**/renderer/**', '**/preload/**'], message: 'Services must not depend on the renderer or the preload.' },
    ],
  },
  renderer: {
    patterns: [
      { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node built-ins.' },
      {
        group: ['electron', 'libsql', 'ws', 'node-llama-cpp', 'systeminformation'],
        message: 'The renderer talks to main only through the API contract.',
      },
      { group: ['**/main/**', '**/preload/**', '**/cli/**'], message: 'The renderer imports only src/shared and its own modules.' },
    ],
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      'no-restricted-syntax': ['error', { selector: 'TSAnyKeyword', message: 'No `any`: type it, or use `unknown` and narrow.' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { evalbench: evalbenchPlugin },
    // A cycle, even one made of types, means a shared type or helper sits in the wrong file: move it to a leaf module.
    rules: { 'evalbench/no-import-cycle': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  { files: ['src/shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.shared] } },
  { files: ['src/main/services/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.services] } },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: { ...reactHooks.configs.recommended.rules, 'no-restricted-imports': ['error', layerRules.renderer] },
  },
);
