import { createListStore } from './listStore';

export const useModelsStore = createListStore('models.list');
