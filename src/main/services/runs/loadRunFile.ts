import fs from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { LocalRunFileModel, RemoteRunFileModel, RunFile } from '../../../shared/runFile';
import { UserFacingError } from '../../../shared/result';
import { issuesFromZod } from '../../../shared/testset/issuesFromZod';
import { yamlLocator } from '../../../shared/testset/yamlLocator';
import { yamlSyntaxIssue } from '../../../shared/testset/yamlSyntaxIssue';
import { ensureFixtures } from '../gguf/fixtureCache';
import { FIXTURE_QUANTS, tinyLlamaFileName, type FixtureQuant, type FixtureModel } from '../gguf/tinyLlama';

/** A run file that validated, with its paths made absolute. */
export interface LoadedRunFile {
  file: string;
  runFile: RunFile;
  testSetPath: string;
  /** Per model of the file, in order: its GGUF file; null for a remote model. */
  modelPaths: (string | null)[];
}

/** Every mistake in a run file, each as `file:line:column: message`, like a compiler's. */
export class RunFileError extends UserFacingError {
  constructor(readonly problems: string[]) {
    super('invalid_input', problems.join('\n'), 'Fix the run file and run again.');
    this.name = 'RunFileError';
  }
}

export async function loadRunFile(file: string): Promise<LoadedRunFile> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UserFacingError(
      'not_found',
      `${file}: cannot read the run file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
    );
  }
  const { runFile, locate } = checkRunFileText(file, text);
  const dir = path.dirname(path.resolve(file));
  const modelPaths: (string | null)[] = [];
  for (const [index, model] of runFile.models.entries()) {
    if (!('path' in model)) {
      modelPaths.push(null);
      continue;
    }
    const resolved = await resolveModelPath(model.path, dir);
    if (resolved === null) {
      const at = locate(['models', index, 'path']);
      throw new RunFileError([`${file}:${at.line}:${at.column}: ${unknownFixtureMessage(model.path)}`]);
    }
    modelPaths.push(resolved);
  }
  return { file, runFile, testSetPath: path.resolve(dir, runFile.testSet), modelPaths };
}

/** A run file's text checked against the schema, with a way to find the line of any of its parts. */
export function checkRunFileText(
  file: string,
  text: string,
): { runFile: RunFile; locate: (at: (string | number)[]) => { line: number; column: number } } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new RunFileError(
      doc.errors.map((e) => {
        const at = lineCounter.linePos(e.pos[0]);
        const { message, hint } = yamlSyntaxIssue(e);
        return `${file}:${at.line}:${at.col}: ${message}${hint === undefined ? '' : ` ${hint}`}`;
      }),
    );
  }
  const value: unknown = doc.toJS();
  const parsed = RunFile.safeParse(value);
  if (!parsed.success) {
    const locate = yamlLocator(doc, text);
    // A union reports the branch with the fewest problems, which for a remote model with one
    // mistake may be the local one; judge each model by the kind it claims to be instead.
    const schema = schemaForMessages(value);
    const issues = schema === RunFile ? parsed.error.issues : (schema.safeParse(value).error?.issues ?? parsed.error.issues);
    throw new RunFileError(
      issuesFromZod(issues, schema, value).map((issue) => {
        const at = locate(issue.path, issue.atKey);
        return `${file}:${at.line}:${at.column}: ${issue.message}${issue.hint === undefined ? '' : ` ${issue.hint}`}`;
      }),
    );
  }
  const locate = yamlLocator(doc, text);
  return { runFile: parsed.data, locate: (at) => locate(at) };
}

/** The run file schema with each model checked as the kind it claims to be (`endpoints`: remote, else local). */
function schemaForMessages(value: unknown): z.ZodType {
  const models = typeof value === 'object' && value !== null && 'models' in value ? value.models : undefined;
  if (!Array.isArray(models) || models.length === 0) return RunFile;
  const [first, ...rest] = models.map((m: unknown): z.ZodType =>
    typeof m === 'object' && m !== null && 'endpoints' in m ? RemoteRunFileModel : LocalRunFileModel,
  );
  return first === undefined ? RunFile : RunFile.extend({ models: z.tuple([first, ...rest]) });
}

/** `tiny-llama-q4_0`, `bench-llama-f16`, …: every fixture a run file may name. */
export const FIXTURE_NAMES: readonly string[] = (['tiny', 'bench', 'skilled'] as const).flatMap((size) =>
  FIXTURE_QUANTS.map((q) => tinyLlamaFileName(size, q).replace(/\.gguf$/, '')),
);

/** Whether `fixture:NAME` names one of the project's own models. */
export function isFixtureName(name: string): boolean {
  return FIXTURE_NAMES.includes(name);
}

/** What to say of a `fixture:` name that names no fixture. */
export function unknownFixtureMessage(reference: string): string {
  return `unknown fixture "${reference.replace(/^fixture:/, '')}"; use one of ${FIXTURE_NAMES.map((n) => `fixture:${n}`).join(', ')}.`;
}

/**
 * A model path as users write it, made absolute: a file relative to `baseDir`, or `fixture:NAME`
 * (generated on first use). Null for a fixture name that names none.
 */
export async function resolveModelPath(reference: string, baseDir: string): Promise<string | null> {
  const fixture = /^fixture:(.+)$/.exec(reference)?.[1];
  return fixture === undefined ? path.resolve(baseDir, reference) : resolveFixture(fixture);
}

/** The path of a named fixture model, generating the set on first use; null for an unknown name. */
export async function resolveFixture(name: string): Promise<string | null> {
  const match = /^(tiny|bench|skilled)-llama-(f32|f16|q8_0|q4_0)$/.exec(name);
  if (!match) return null;
  const size = match[1] as FixtureModel;
  const fixtures = await ensureFixtures({ bench: size === 'bench', skilled: size === 'skilled' });
  return fixtures.files[match[2] as FixtureQuant];
}
