import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { TestSetExample } from '../../../../shared/api';
import type { TestSetFormat } from '../../../../shared/testset/TestSetLoadResult';
import { UserFacingError } from '../../../../shared/result';
import { testSetFacts, withLocalSchema, withName } from './testSetText';

/** The short skeleton of a new, empty test set: valid as it is, with a comment on what to change. */
export function emptyTestSetText(name: string, format: TestSetFormat): string {
  if (format === 'jsonl') {
    const header = {
      testset: {
        name,
        description: 'What this set measures and where its cases come from.',
        defaults: { scorers: [{ type: 'normalized-exact' }] },
      },
    };
    return `${JSON.stringify(header)}\n${JSON.stringify({ id: 'capital-france', prompt: 'What is the capital of France? Answer with the city only.', expected: 'Paris' })}\n`;
  }
  return withName(
    [
      '# yaml-language-server: $schema=./testset.schema.json',
      'name: New test set',
      'description: What this set measures and where its cases come from.',
      'defaults:',
      '  # Every case is scored with these unless it lists its own `scorers`.',
      '  scorers:',
      '    - type: normalized-exact',
      'cases:',
      '  - id: capital-france',
      '    prompt: What is the capital of France? Answer with the city only.',
      '    expected: Paris',
      '',
    ].join('\n'),
    'yaml',
    name,
    'new test set',
  );
}

/** The examples shipped in `resources/examples`, each a YAML test set. */
export class ExampleTestSets {
  constructor(private readonly folder: string) {}

  async list(): Promise<TestSetExample[]> {
    let files: string[];
    try {
      // Run files (`*.run.yaml`) live beside the examples; they are not test sets.
      files = (await readdir(this.folder)).filter((f) => f.endsWith('.yaml') && !f.endsWith('.run.yaml')).sort();
    } catch {
      return [];
    }
    const out: TestSetExample[] = [];
    for (const file of files) {
      const text = await readFile(path.join(this.folder, file), 'utf8');
      const facts = testSetFacts(text, 'yaml', file);
      if (facts.caseCount === 0) continue;
      const description: unknown = parseDocument(text).get('description');
      out.push({
        id: file.slice(0, -'.yaml'.length),
        name: facts.name,
        description: typeof description === 'string' ? description.trim() : '',
        caseCount: facts.caseCount,
      });
    }
    return out;
  }

  /** The example's text, renamed, its schema comment pointing at the library folder's copy. */
  async textOf(id: string, name: string): Promise<string> {
    if (!/^[\w-]+$/.test(id)) throw new UserFacingError('invalid_input', `No example named ${JSON.stringify(id)}.`);
    let text: string;
    try {
      text = await readFile(path.join(this.folder, `${id}.yaml`), 'utf8');
    } catch {
      const known = (await this.list()).map((e) => e.id).join(', ');
      throw new UserFacingError('not_found', `No example named ${JSON.stringify(id)}.`, `The examples are: ${known}.`);
    }
    return withName(withLocalSchema(text), 'yaml', name, `${id}.yaml`);
  }
}
