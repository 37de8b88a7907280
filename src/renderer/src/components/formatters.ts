export { formatBytes } from '../../../shared/formatBytes';

/** An ISO timestamp in the user's locale, to the minute. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
