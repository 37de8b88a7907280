import fs from 'node:fs';
import path from 'node:path';

/** Where and how big the main window was when it last closed. */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT: WindowBounds = { width: 1400, height: 900, maximized: false };

/**
 * Remembers the window's bounds in a small JSON file beside the store, read before the window
 * exists (the store opens later and must not delay the first paint).
 */
export class WindowState {
  private readonly file: string;

  constructor(home: string) {
    this.file = path.join(home, 'window-state.json');
  }

  load(): WindowBounds {
    try {
      const raw = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<WindowBounds>;
      const width = typeof raw.width === 'number' && raw.width >= 640 ? raw.width : DEFAULT.width;
      const height = typeof raw.height === 'number' && raw.height >= 480 ? raw.height : DEFAULT.height;
      const bounds: WindowBounds = { width, height, maximized: raw.maximized === true };
      if (typeof raw.x === 'number' && typeof raw.y === 'number') {
        bounds.x = raw.x;
        bounds.y = raw.y;
      }
      return bounds;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        process.stderr.write(`Ignoring unreadable window state ${this.file}: ${String(error)}\n`);
      }
      return { ...DEFAULT };
    }
  }

  save(bounds: WindowBounds): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(bounds));
    fs.renameSync(tmp, this.file);
  }
}
