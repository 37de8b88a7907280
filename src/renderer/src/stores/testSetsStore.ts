import { createListStore } from './listStore';

export const useTestSetsStore = createListStore('testSets.list');
