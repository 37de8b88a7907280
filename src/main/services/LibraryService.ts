import type { TestSetSummary } from '../../shared/api';
import type { Store } from './store/Store';

/** Read side of the test set library. */
export class LibraryService {
  constructor(private readonly store: Store) {}

  testSets(): TestSetSummary[] {
    const rows = this.store.db
      .prepare('SELECT id, name, path, case_count, updated_at FROM test_sets ORDER BY updated_at DESC')
      .all() as { id: string; name: string; path: string; case_count: number; updated_at: string }[];
    return rows.map((r) => ({ id: r.id, name: r.name, path: r.path, caseCount: r.case_count, updatedAt: r.updated_at }));
  }
}
