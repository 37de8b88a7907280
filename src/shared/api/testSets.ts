import { z } from 'zod';
import { NoInput } from './common';

/** A test set as listed in the library. */
export const TestSetSummary = z.object({
  id: z.string(),
  name: z.string(),
  /** File on disk the test set is saved to. */
  path: z.string(),
  caseCount: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type TestSetSummary = z.infer<typeof TestSetSummary>;

/** Unsaved edits of a test set, kept by main while the user types so that a crash or a quit loses nothing. */
export const TestSetDraft = z.object({
  text: z.string(),
  /** When the draft was last written. */
  savedAt: z.string(),
  /** Hash of the file the edits started from; another hash on disk now means the file changed since. */
  baseHash: z.string().nullable(),
});
export type TestSetDraft = z.infer<typeof TestSetDraft>;

/** A test set opened for editing: the file as saved, and the draft left by an earlier session, if any. */
export const TestSetDocument = z.object({
  summary: TestSetSummary,
  /** How the text is parsed: `.jsonl`/`.ndjson` are JSONL, everything else YAML (JSON is YAML too). */
  format: z.enum(['yaml', 'jsonl']),
  /** The file's text; empty when the file is missing. */
  text: z.string(),
  /** SHA-256 of the file's text, to notice changes made on disk by someone else; null when missing. */
  hash: z.string().nullable(),
  fileMissing: z.boolean(),
  /** Whether the file lies in the library's own folder (deleting moves it to the trash folder). */
  managed: z.boolean(),
  draft: TestSetDraft.nullable(),
});
export type TestSetDocument = z.infer<typeof TestSetDocument>;

/** An example test set shipped with Evalbench, to start a new one from. */
export const TestSetExample = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  caseCount: z.number().int().nonnegative(),
});
export type TestSetExample = z.infer<typeof TestSetExample>;

/** File formats a test set can be imported from. */
export const TestSetImportKind = z.enum(['csv', 'tsv', 'promptfoo', 'qa-jsonl', 'multiple-choice-jsonl']);
export type TestSetImportKind = z.infer<typeof TestSetImportKind>;

/** What an import made: the new test set, and what could not be carried over, with source lines. */
export const TestSetImportOutcome = z.object({
  document: TestSetDocument,
  unmapped: z.array(z.object({ line: z.number().int().nullable(), what: z.string(), reason: z.string() })),
  errors: z.array(z.object({ line: z.number().int(), column: z.number().int(), message: z.string() })),
});
export type TestSetImportOutcome = z.infer<typeof TestSetImportOutcome>;

const TestSetName = z.string().trim().min(1).max(200);
const TestSetText = z.string().max(64 * 1024 * 1024);

/** The test set library: files, drafts, imports and exports (see `calls` in `../api`). */
export const testSetCalls = {
  'testSets.list': { input: NoInput, output: z.array(TestSetSummary) },
  /** Registers test set files put in the library folder by hand and re-reads names and case counts from disk. */
  'testSets.refresh': { input: NoInput, output: z.array(TestSetSummary) },
  'testSets.examples': { input: NoInput, output: z.array(TestSetExample) },
  /** A new file in the library folder: empty (a short skeleton) or a copy of an example. */
  'testSets.create': {
    input: z.object({ name: TestSetName, example: z.string().min(1).optional(), format: z.enum(['yaml', 'jsonl']).optional() }).strict(),
    output: TestSetDocument,
  },
  /** Opens a library test set by id, or any file by path (added to the library). */
  'testSets.open': {
    input: z.union([z.object({ id: z.string().min(1) }).strict(), z.object({ path: z.string().min(1) }).strict()]),
    output: TestSetDocument,
  },
  /**
   * Writes the text to the file (atomically) and drops the draft. `baseHash` is the hash the edits
   * started from: a file changed on disk since is a `conflict` unless `force`.
   */
  'testSets.save': {
    input: z.object({ id: z.string(), text: TestSetText, baseHash: z.string().nullable(), force: z.boolean().optional() }).strict(),
    output: z.object({ summary: TestSetSummary, hash: z.string() }),
  },
  /** Keeps unsaved edits in main (the renderer sends them a moment after typing stops). */
  'testSets.saveDraft': {
    input: z.object({ id: z.string(), text: TestSetText, baseHash: z.string().nullable() }).strict(),
    output: z.object({ savedAt: z.string() }),
  },
  'testSets.discardDraft': { input: z.object({ id: z.string() }).strict(), output: z.null() },
  /** Test sets with unsaved edits kept as drafts. */
  'testSets.drafts': { input: NoInput, output: z.array(z.object({ id: z.string(), savedAt: z.string() })) },
  /**
   * Sets the test set's `name` in its file (and in `text`, the editor's unsaved version, when given)
   * and renames a library-folder file to match. Answers the saved document and the renamed `text`.
   */
  'testSets.rename': {
    input: z.object({ id: z.string(), name: TestSetName, text: TestSetText.optional() }).strict(),
    output: z.object({ document: TestSetDocument, text: z.string().nullable() }),
  },
  /** A copy in the library folder under a new name, of `text` when given (unsaved edits included), else of the file. */
  'testSets.duplicate': {
    input: z.object({ id: z.string(), name: TestSetName, text: TestSetText.optional() }).strict(),
    output: TestSetDocument,
  },
  /** Forgets a test set and its draft; a file in the library folder moves to the trash folder, any other stays. */
  'testSets.delete': { input: z.object({ id: z.string() }).strict(), output: z.object({ trashedTo: z.string().nullable() }) },
  /** Converts a CSV, promptfoo or question-answer JSONL file into a new test set in the library folder. */
  'testSets.import': {
    input: z.object({ kind: TestSetImportKind, fileName: z.string().min(1), text: TestSetText, name: TestSetName.optional() }).strict(),
    output: TestSetImportOutcome,
  },
  /** The cases as CSV (of `text` when given, else of the file), and what CSV has no room for. */
  'testSets.exportCsv': {
    input: z.object({ id: z.string(), text: TestSetText.optional() }).strict(),
    output: z.object({ fileName: z.string(), csv: z.string(), lost: z.array(z.string()) }),
  },
} as const;

export const testSetEvents = {
  /** The whole test set library after any change (created, saved, renamed, imported, deleted). */
  'testSets.changed': z.array(TestSetSummary),
} as const;
