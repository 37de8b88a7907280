import { describe, expect, it } from 'vitest';
import { parseCsv, writeCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, keeping each record’s line', () => {
    const text = 'id,prompt,answer\r\n1,"Say ""hi"", then stop","hi"\r\n2,"two\nlines",x\r\n\r\n3,plain,\r\n';
    expect(parseCsv(text)).toEqual({
      records: [
        { line: 1, fields: ['id', 'prompt', 'answer'] },
        { line: 2, fields: ['1', 'Say "hi", then stop', 'hi'] },
        { line: 3, fields: ['2', 'two\nlines', 'x'] },
        { line: 6, fields: ['3', 'plain', ''] },
      ],
      errors: [],
    });
  });

  it('accepts LF and CR line ends, a byte order mark, no final line break, and other delimiters', () => {
    expect(parseCsv('\uFEFFa,b\nc,d').records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('a\rb\r').records.map((r) => r.line)).toEqual([1, 2]);
    expect(parseCsv('a\tb,c\n', '\t').records[0]?.fields).toEqual(['a', 'b,c']);
  });

  it('keeps a stray quote in an unquoted field as text (5" screen), as spreadsheets do', () => {
    expect(parseCsv('a,5" screen\n').records[0]?.fields).toEqual(['a', '5" screen']);
  });

  it('reports an unclosed quote where it opens, and text after a closing quote', () => {
    expect(parseCsv('a,b\n1,"never closed\n2,x\n').errors).toEqual([
      { line: 2, column: 3, message: 'a quoted field is never closed: a " is missing' },
    ]);
    expect(parseCsv('"a"b,c\n').errors[0]).toMatchObject({ line: 1, column: 4 });
  });
});

describe('writeCsv', () => {
  it('quotes only what needs it and ends every record with CRLF', () => {
    expect(
      writeCsv([
        ['id', 'text'],
        ['1', 'a, b'],
        ['2', 'say "x"'],
        ['3', 'two\nlines'],
        ['4', ' padded '],
      ]),
    ).toBe('id,text\r\n1,"a, b"\r\n2,"say ""x"""\r\n3,"two\nlines"\r\n4," padded "\r\n');
  });

  it('is read back to the same fields', () => {
    const rows = [['a', 'b,c', '"q"', 'x\r\ny', '', '中文']];
    expect(parseCsv(writeCsv(rows)).records.map((r) => r.fields)).toEqual(rows);
  });
});
