import { useEffect, useState, type DragEvent } from 'react';
import { getClient } from '../../api/client';
import { useModelsStore } from '../../stores/modelsStore';

interface ModelDrop {
  /** True while files are dragged over the page. */
  dragging: boolean;
  /** Why some dropped files could not be added, or null. */
  problem: string | null;
  dismiss: () => void;
  handlers: {
    onDragOver: (event: DragEvent<HTMLElement>) => void;
    onDragLeave: (event: DragEvent<HTMLElement>) => void;
    onDrop: (event: DragEvent<HTMLElement>) => void;
  };
}

function carriesFiles(event: DragEvent<HTMLElement>): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/**
 * Files dropped on the Models page are added by their path on disk. Only the desktop app knows
 * that path; a browser hides it, so there the user is told to paste the path instead.
 */
export function useModelDrop(): ModelDrop {
  const add = useModelsStore((s) => s.add);
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    // A file dropped just outside the page's area would otherwise replace the whole app with it.
    const guard = (event: globalThis.DragEvent): void => {
      if (event.dataTransfer?.types.includes('Files') === true) event.preventDefault();
    };
    window.addEventListener('dragover', guard);
    window.addEventListener('drop', guard);
    return () => {
      window.removeEventListener('dragover', guard);
      window.removeEventListener('drop', guard);
    };
  }, []);

  return {
    dragging,
    problem,
    dismiss: () => setProblem(null),
    handlers: {
      onDragOver(event) {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      },
      onDragLeave(event) {
        const next = event.relatedTarget;
        if (!(next instanceof Node) || !event.currentTarget.contains(next)) setDragging(false);
      },
      onDrop(event) {
        setDragging(false);
        const files = Array.from(event.dataTransfer.files);
        if (files.length === 0) return;
        event.preventDefault();
        const client = getClient();
        const paths: string[] = [];
        const unknown: string[] = [];
        let browser = false;
        for (const file of files) {
          const found = client.pathForFile(file);
          browser ||= found === null;
          // Electron answers "" for a file that is not on disk (dragged out of another app's memory).
          if (found === null || found === '') unknown.push(file.name);
          else paths.push(found);
        }
        const where = `${quoteNames(unknown)} ${unknown.length === 1 ? 'is' : 'are'} on disk`;
        setProblem(
          unknown.length === 0
            ? null
            : browser
              ? `Drag-and-drop needs the desktop app: a browser does not tell Evalbench where ${where}. Paste the full path into “File or folder path” instead.`
              : `Evalbench could not tell where ${where}. Paste the full path into “File or folder path” instead.`,
        );
        if (paths.length > 0) void add(paths);
      },
    },
  };
}

function quoteNames(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((n) => `“${n}”`);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : shown.join(names.length === 2 ? ' and ' : ', ');
}
