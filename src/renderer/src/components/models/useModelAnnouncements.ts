import { useState } from 'react';
import type { ModelSummary } from '../../../../shared/models';

/**
 * A sentence for screen readers when models change status or leave the library, from one list
 * to the next (hash progress alone is not news). New entries are announced by the add form.
 */
export function useModelAnnouncements(models: readonly ModelSummary[] | null): string {
  const [previous, setPrevious] = useState(models);
  const [message, setMessage] = useState('');
  if (models !== previous) {
    setPrevious(models);
    if (models !== null && previous !== null) {
      const before = new Map(previous.map((m) => [m.id, m]));
      const now = new Set(models.map((m) => m.id));
      const lines: string[] = [];
      for (const m of models) {
        const old = before.get(m.id);
        if (old !== undefined && old.status !== m.status) lines.push(`${m.name} is ${m.status}.`);
      }
      for (const old of previous) if (!now.has(old.id)) lines.push(`${old.name} was removed from the library.`);
      if (lines.length > 0) setMessage(lines.join(' '));
    }
  }
  return message;
}
