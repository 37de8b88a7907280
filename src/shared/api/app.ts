import { z } from 'zod';
import { NoInput } from './common';

/** The user's choice of colour scheme; `system` follows the operating system. */
export const ThemePreference = z.enum(['system', 'light', 'dark']);
export type ThemePreference = z.infer<typeof ThemePreference>;

/** Application-wide settings kept in the store, shared by every window and browser tab. */
export const Settings = z.object({
  /** Colour scheme: follow the OS, or force light or dark. */
  theme: ThemePreference,
  /** What judge models are asked; `{{rubric}}`, `{{prompt}}`, `{{expected}}` and `{{output}}` are filled in. Main always fills it (its default until changed). */
  judgeTemplate: z.string().min(1).optional(),
});
export type Settings = z.infer<typeof Settings>;

/** Facts about the running workbench, shown in the status bar and in bug reports. */
export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the store and caches live (EVALBENCH_HOME overrides the OS default). */
  dataDir: z.string(),
  /** Highest store migration applied. */
  storeSchemaVersion: z.number().int().nonnegative(),
  /** `electron` for the desktop app, `browser` for `evalbench serve`, `cli` for commands like `evalbench run`. */
  host: z.enum(['electron', 'browser', 'cli']),
  platform: z.string(),
  arch: z.string(),
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
  /** Physical CPU cores of the machine running the models: what `auto` threads chooses among. */
  physicalCores: z.number().int().positive(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** The workbench itself, its settings and the API keys it keeps (see `calls` in `../api`). */
export const appCalls = {
  'app.info': { input: NoInput, output: AppInfo },
  'settings.get': { input: NoInput, output: Settings },
  'settings.update': { input: Settings.partial().strict(), output: Settings },
  /** Names of the API keys kept in the system keychain (desktop app), for remote endpoints' `apiKeyName`; never the keys. */
  'apiKeys.list': { input: NoInput, output: z.array(z.string()) },
  /** Stores (or replaces) an API key in the system keychain; refused headless and without a keychain. */
  'apiKeys.set': { input: z.object({ name: z.string().min(1).max(100), key: z.string().min(1).max(4096) }).strict(), output: z.null() },
  'apiKeys.remove': { input: z.object({ name: z.string().min(1) }).strict(), output: z.null() },
} as const;

export const appEvents = {
  'settings.changed': Settings,
} as const;
