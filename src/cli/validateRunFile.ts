import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../shared/result';
import { checkRunFileText, isFixtureName, RunFileError, unknownFixtureMessage } from '../main/services/runs/loadRunFile';
import { loadTestSetFile } from '../main/services/testsets/loadTestSetFile';

/** What checking a run file found: every problem as `file:line:column: message`, or what it will run. */
export interface RunFileCheck {
  ok: boolean;
  problems: string[];
  /** One line saying what the run will do, when the file is valid. */
  overview: string | null;
}

/**
 * A run file checked without running anything: its schema, that its test set exists and is valid,
 * and that each local model's file exists (fixtures by name; they are made on first use).
 */
export async function validateRunFile(file: string, text: string): Promise<RunFileCheck> {
  let checked: ReturnType<typeof checkRunFileText>;
  try {
    checked = checkRunFileText(file, text);
  } catch (error) {
    if (error instanceof RunFileError) return { ok: false, problems: error.problems, overview: null };
    throw error;
  }
  const { runFile, locate } = checked;
  const dir = path.dirname(path.resolve(file));
  const problems: string[] = [];
  const where = (at: (string | number)[]): string => {
    const { line, column } = locate(at);
    return `${file}:${line}:${column}`;
  };

  const testSetPath = path.resolve(dir, runFile.testSet);
  let caseCount: number | null = null;
  if (!fs.existsSync(testSetPath)) {
    problems.push(`${where(['testSet'])}: the test set ${runFile.testSet} does not exist (looked for ${testSetPath}).`);
  } else {
    try {
      const loaded = await loadTestSetFile(testSetPath);
      if (loaded.testSet === null)
        problems.push(
          `${where(['testSet'])}: the test set ${runFile.testSet} has ${loaded.errorCount} error${loaded.errorCount === 1 ? '' : 's'}; see \`evalbench validate ${runFile.testSet}\`.`,
        );
      else caseCount = loaded.testSet.cases.length;
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      problems.push(`${where(['testSet'])}: ${error.message}`);
    }
  }

  for (const [index, model] of runFile.models.entries()) {
    if (!('path' in model)) continue;
    const fixture = /^fixture:(.+)$/.exec(model.path)?.[1];
    if (fixture !== undefined) {
      if (!isFixtureName(fixture)) problems.push(`${where(['models', index, 'path'])}: ${unknownFixtureMessage(model.path)}`);
      continue;
    }
    const resolved = path.resolve(dir, model.path);
    if (!fs.existsSync(resolved))
      problems.push(`${where(['models', index, 'path'])}: the model file ${model.path} does not exist (looked for ${resolved}).`);
  }

  if (problems.length > 0) return { ok: false, problems, overview: null };
  const models = runFile.models.map((m) => m.label ?? ('path' in m ? path.basename(m.path) : 'remote'));
  return {
    ok: true,
    problems: [],
    overview: `${file}: valid run file. ${caseCount ?? 0} cases of ${runFile.testSet} × ${models.length} model${models.length === 1 ? '' : 's'} (${models.join(', ')}), ${runFile.mode ?? 'latency'} mode.`,
  };
}
