/**
 * The entries of `source` whose value is defined, among `keys` (all of its own by default): what an update
 * event changes ("present replace, absent stay"), or a document without empty fields.
 */
export function definedFields<T extends object, K extends keyof T = keyof T>(source: T, keys?: readonly K[]): Partial<Pick<T, K>> {
  const picked = keys ?? (Object.keys(source) as K[]);
  return Object.fromEntries(picked.filter((k) => source[k] !== undefined).map((k) => [k, source[k]])) as Partial<Pick<T, K>>;
}
