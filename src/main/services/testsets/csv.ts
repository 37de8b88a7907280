/** One CSV record with the line it starts on (1-based), for messages. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvParseResult {
  records: CsvRecord[];
  /** Malformed quoting, with where it starts; the records around it are still read. */
  errors: { line: number; column: number; message: string }[];
}

/**
 * Reads CSV as RFC 4180 writes it, and what spreadsheets write in practice: fields in double quotes
 * may hold the delimiter, line breaks and `""` for a quote; lines end in CRLF, LF or CR; a byte order
 * mark is dropped; blank lines are skipped. A quote inside an unquoted field is kept as text.
 */
export function parseCsv(text: string, delimiter = ','): CsvParseResult {
  const records: CsvRecord[] = [];
  const errors: CsvParseResult['errors'] = [];
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < src.length) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (src[i] === '"') {
        const openLine = line;
        const openColumn = i - lineStart + 1;
        i++;
        let closed = false;
        while (i < src.length) {
          const c = src.charAt(i);
          if (c === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) {
            line++;
            lineStart = i + 1;
          }
          field += c;
          i++;
        }
        if (!closed) errors.push({ line: openLine, column: openColumn, message: 'a quoted field is never closed: a " is missing' });
        const textStart = i;
        while (i < src.length && src[i] !== delimiter && src[i] !== '\n' && src[i] !== '\r') i++;
        if (i > textStart) {
          errors.push({
            line,
            column: textStart - lineStart + 1,
            message: 'text after the closing quote of a field (write "" for a quote inside a quoted field)',
          });
          field += src.slice(textStart, i);
        }
      } else {
        const start = i;
        while (i < src.length && src[i] !== delimiter && src[i] !== '\n' && src[i] !== '\r') i++;
        field = src.slice(start, i);
      }
      fields.push(field);
      if (src[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (src[i] === '\r') i++;
    if (src[i] === '\n') i++;
    line++;
    lineStart = i;
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
  }
  return { records, errors };
}

/** Quotes a field when it must be: it holds the delimiter, a quote, a line break, or spaces at either end. */
function quote(field: string, delimiter: string): string {
  return field.includes(delimiter) || /["\r\n]/.test(field) || field !== field.trim() ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Writes CSV as RFC 4180 says: CRLF after every record, fields quoted only when needed. */
export function writeCsv(rows: readonly (readonly string[])[], delimiter = ','): string {
  return rows.map((row) => row.map((f) => quote(f, delimiter)).join(delimiter) + '\r\n').join('');
}
