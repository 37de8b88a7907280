/** The fields of `T` with `undefined` taken out of each value's type: every one may be absent. */
export type OptionalFields<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * The given fields without those whose value is undefined, for spreading into an object whose
 * type says "absent", not "undefined" (exactOptionalPropertyTypes): `...optionalFields({ seed })`
 * instead of `...(seed === undefined ? {} : { seed })`.
 */
export function optionalFields<T extends Record<string, unknown>>(fields: T): OptionalFields<T> {
  const present: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) present[key] = value;
  return present as OptionalFields<T>;
}
