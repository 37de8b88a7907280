import type { CaseRecord } from './Report';

/** Per-case results as JSONL: one `CaseRecord` (see Report.ts) per line, every field as stored. */
export function writeCaseRecordsJsonl(records: readonly CaseRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + (records.length > 0 ? '\n' : '');
}

/** Reads JSONL written by `writeCaseRecordsJsonl`, naming the line of anything that is not a result. */
export function readCaseRecordsJsonl(text: string, file = 'results.jsonl'): CaseRecord[] {
  const records: CaseRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
    }
    const r = value as Partial<CaseRecord> | null;
    if (r === null || typeof r !== 'object' || typeof r.caseId !== 'string' || typeof r.modelKey !== 'string' || !Array.isArray(r.scores)) {
      throw new Error(`${file}:${i + 1}: not an Evalbench result (needs caseId, modelKey and scores).`);
    }
    records.push(r as CaseRecord);
  });
  return records;
}
