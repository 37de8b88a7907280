import type { RunProgress } from '../shared/runs';

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One line of run progress: `[#####-----] 37/120 · Q4_K_M · case-12 · 45.2 tok/s · ETA 1m20s`. */
export function formatProgress(p: RunProgress, width = 20): string {
  const fraction = p.total === 0 ? 1 : p.done / p.total;
  const filled = Math.round(fraction * width);
  const parts = [`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total}`];
  if (p.currentModel !== null) parts.push(p.currentModel);
  if (p.currentCase !== null) parts.push(p.currentCase);
  if (p.tokensPerSecond !== null) parts.push(`${p.tokensPerSecond.toFixed(1)} tok/s`);
  if (p.errors > 0) parts.push(`${p.errors} error${p.errors === 1 ? '' : 's'}`);
  if (p.etaSeconds !== null && p.done < p.total) parts.push(`ETA ${duration(p.etaSeconds)}`);
  return parts.join(' · ');
}

/**
 * Progress for people and for logs: a bar redrawn in place on a terminal, plain lines at each
 * tenth of the run (and each model change) otherwise, so CI logs stay short.
 */
export function progressPrinter(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }): {
  update: (p: RunProgress) => void;
  end: () => void;
} {
  let lastDecile = -1;
  let lastModel: string | null = null;
  let drawn = false;
  return {
    update(p) {
      if (stream.isTTY === true) {
        const line = formatProgress(p).slice(0, Math.max(20, (stream.columns ?? 100) - 1));
        stream.write(`\r\u001b[2K${line}`);
        drawn = true;
        return;
      }
      const decile = p.total === 0 ? 10 : Math.floor((p.done / p.total) * 10);
      if (decile !== lastDecile || (p.currentModel !== null && p.currentModel !== lastModel)) {
        lastDecile = decile;
        if (p.currentModel !== null) lastModel = p.currentModel;
        stream.write(`${formatProgress(p)}\n`);
      }
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}
