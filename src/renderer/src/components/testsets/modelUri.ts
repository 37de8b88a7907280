/** Where the editor's models live: one per open test set, named by id so a rename keeps its undo history. */
export const MODEL_ROOT = 'file:///evalbench/testsets';

/** The model address of a test set; its extension picks the language features. */
export function modelUri(id: string, file: string): string {
  const ext = /\.[^./\\]+$/.exec(file)?.[0].toLowerCase() ?? '.yaml';
  return `${MODEL_ROOT}/${id}${ext}`;
}
