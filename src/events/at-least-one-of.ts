const REQUIRED_ANY = new WeakMap<object, readonly string[]>();

/**
 * Marks a payload class as "any non-empty subset of these fields" (the contract's *Updated events).
 * class-validator has no class-level rule, so the decoder checks it after the field rules pass.
 */
export function AtLeastOneOf(fields: readonly string[]): ClassDecorator {
  return (target) => {
    REQUIRED_ANY.set(target, fields);
  };
}

/** Returns an error message when the payload has none of the fields its class requires one of. */
export function checkAtLeastOneOf(target: object, payload: Record<string, unknown>): string | undefined {
  const fields = REQUIRED_ANY.get(target);
  if (!fields || fields.some((f) => payload[f] !== undefined)) return undefined;
  return `data must contain at least one of ${fields.join(', ')}`;
}
