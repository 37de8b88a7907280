import { describe, expect, it } from 'vitest';
import { parseTestSetText } from '../../../../shared/testset/parseTestSetText';
import { slugify } from './fileNames';
import { testSetFacts, withName } from './testSetText';

const nameOf = (text: string, file: string): string | undefined => parseTestSetText(text, { file }).testSet?.name;

describe('withName', () => {
  it('changes only the name, keeping comments and layout, quoting where YAML needs it', () => {
    const text = '# top comment\nname: Old   # trailing\ncases:\n  - { prompt: hi }   # flow\n';
    expect(withName(text, 'yaml', 'New', 'f.yaml')).toBe('# top comment\nname: New   # trailing\ncases:\n  - { prompt: hi }   # flow\n');
    for (const name of ['yes', '12', 'a: b', ' padded', 'Ünïcode – dash', '#hash', "it's"]) {
      expect(nameOf(withName(text, 'yaml', name, 'f.yaml'), 'f.yaml')).toBe(name.trim() === name ? name : name.trim());
    }
  });

  it('adds a name to a file without one, in YAML, JSON and JSONL', () => {
    expect(nameOf(withName('# c\ncases:\n  - prompt: hi\n', 'yaml', 'Added', 'f.yaml'), 'f.yaml')).toBe('Added');
    expect(nameOf(withName('{"cases": [{"prompt": "hi"}]}', 'yaml', 'Json', 'f.json'), 'f.json')).toBe('Json');
    expect(nameOf(withName('{"prompt":"hi"}\n', 'jsonl', 'Lines', 'f.jsonl'), 'f.jsonl')).toBe('Lines');
    const header = '{"testset":{"name":"A","description":"d"}}\n\n{"prompt":"hi"}\n';
    const renamed = withName(header, 'jsonl', 'B', 'f.jsonl');
    expect(renamed).toBe('{"testset":{"name":"B","description":"d"}}\n\n{"prompt":"hi"}\n');
  });

  it('refuses YAML it cannot parse, naming the file', () => {
    expect(() => withName('name: "open\n', 'yaml', 'x', 'sets/a.yaml')).toThrow(/sets\/a.yaml cannot be renamed/);
  });
});

describe('testSetFacts', () => {
  it('reads name and case count from files with mistakes in them', () => {
    expect(testSetFacts('name: A\ncases:\n  - prompt: 1\n  - bogus: 2\n', 'yaml', 'a.yaml')).toEqual({ name: 'A', caseCount: 2 });
    expect(testSetFacts('cases: [', 'yaml', 'dir/broken.yaml')).toEqual({ name: 'broken', caseCount: 0 });
    expect(testSetFacts('{"testset":{"name":"H"}}\n{"prompt":"a"}\nnot json\n\n', 'jsonl', 'h.jsonl')).toEqual({ name: 'H', caseCount: 2 });
  });
});

describe('slugify', () => {
  it('keeps letters and digits of any script and folds the rest', () => {
    expect(slugify('My Arithmetic: v2!')).toBe('my-arithmetic-v2');
    expect(slugify('中文 问答')).toBe('中文-问答');
    expect(slugify('///')).toBe('test-set');
  });
});
