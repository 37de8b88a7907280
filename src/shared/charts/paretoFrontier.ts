/** A model as a point of a trade-off: a cost or benefit on x, quality on y. */
export interface TradeoffPoint {
  id: string;
  x: number;
  y: number;
}

/**
 * The points no other point beats on both axes (quality is always better higher; `x` is
 * better lower for costs like size or memory, higher for speed). Returned in x order, so they
 * can be joined by a line. A point equal to a frontier point on both axes is on it too.
 */
export function paretoFrontier<P extends TradeoffPoint>(points: readonly P[], xBetter: 'lower' | 'higher'): P[] {
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const better = (a: number, b: number): boolean => (xBetter === 'lower' ? a < b : a > b);
  const atLeast = (a: number, b: number): boolean => a === b || better(a, b);
  const dominated = (p: P): boolean => finite.some((q) => q !== p && atLeast(q.x, p.x) && q.y >= p.y && (better(q.x, p.x) || q.y > p.y));
  return finite.filter((p) => !dominated(p)).sort((a, b) => a.x - b.x || a.y - b.y);
}
