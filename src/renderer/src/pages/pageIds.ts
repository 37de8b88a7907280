/** The workbench's pages, in navigation order. */
export const PAGE_IDS = ['test-sets', 'models', 'runs', 'compare', 'review', 'reports'] as const;
export type PageId = (typeof PAGE_IDS)[number];

export const PAGE_TITLES: Record<PageId, string> = {
  'test-sets': 'Test sets',
  models: 'Models',
  runs: 'Runs',
  compare: 'Compare',
  review: 'Review',
  reports: 'Reports',
};
