import type { z } from 'zod';
import { appCalls, appEvents } from './api/app';
import { engineCalls, engineEvents } from './api/engine';
import { modelCalls, modelEvents } from './api/models';
import { reportCalls } from './api/reports';
import { reviewCalls, reviewEvents } from './api/review';
import { runCalls, runEvents } from './api/runs';
import { scoringCalls } from './api/scoring';
import { testSetCalls, testSetEvents } from './api/testSets';

/**
 * The one contract between the renderer and main. Every call the renderer may make and every
 * event it may receive is declared with a runtime schema, one file per domain under `api/` with the
 * entity schemas of that domain; this file merges them into the one table that both transports
 * (Electron IPC and the WebSocket bridge) and the router are generic over.
 */

export { AppInfo, Settings, ThemePreference } from './api/app';
export { GenerationOutput, LoadedModelView } from './api/engine';
export { ReviewKey, ReviewLabel, ReviewVerdict } from './api/review';
export { RunListItem, RunStatus } from './api/runs';
export { TestSetDocument, TestSetDraft, TestSetExample, TestSetImportKind, TestSetImportOutcome, TestSetSummary } from './api/testSets';

/**
 * Every call: its input and output schema. Names are `domain.verb`.
 *
 * `outputFromStore: true` marks a call whose (large) output is read straight from the store, which
 * accepts only values its schemas parsed: the router then skips checking the output again in
 * development, which for a big run's results would block main for seconds. Inputs are checked
 * for every call; the renderer checks the first and last element of each list it receives (every
 * element has the same shape), which catches a main of another version.
 */
export const calls = {
  ...appCalls,
  ...testSetCalls,
  ...modelCalls,
  ...engineCalls,
  ...scoringCalls,
  ...runCalls,
  ...reviewCalls,
  ...reportCalls,
} as const;

/** Every event main may push: its payload schema. */
export const events = {
  ...appEvents,
  ...testSetEvents,
  ...modelEvents,
  ...engineEvents,
  ...runEvents,
  ...reviewEvents,
} as const;

export type CallName = keyof typeof calls;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]>;

/** Prefix of every IPC channel and WebSocket message kind, checked by both transports. */
export const CHANNEL_PREFIX = 'evalbench:';
export const INVOKE_CHANNEL = `${CHANNEL_PREFIX}invoke`;
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event`;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

/** Whether the call's output is read from the store and trusted as written (see `calls`). */
export function isOutputFromStore(name: CallName): boolean {
  const spec: { output: unknown; outputFromStore?: boolean } = calls[name];
  return spec.outputFromStore === true;
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
