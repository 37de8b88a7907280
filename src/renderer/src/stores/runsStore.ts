import { createListStore } from './listStore';

export const useRunsStore = createListStore('runs.list');
