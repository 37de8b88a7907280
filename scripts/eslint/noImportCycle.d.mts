import type { ESLint, Rule } from 'eslint';

/** ESLint rule: a module must not reach itself again through its relative imports, type-only ones included. */
export const noImportCycle: Rule.RuleModule;
/** The local plugin that carries `no-import-cycle`, for `eslint.config.js`. */
export const evalbenchPlugin: ESLint.Plugin;
