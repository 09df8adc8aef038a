/** Injection tokens for the infrastructure clients, so feature modules depend on ports, not packages. */
export const SEARCH_ENGINE = Symbol('SEARCH_ENGINE');
export const KAFKA = Symbol('KAFKA');
export const DEAD_LETTER_PRODUCER = Symbol('DEAD_LETTER_PRODUCER');
/** Who hears what the projector and the rebuild report (the metrics, in the service). */
export const PROJECTION_OBSERVER = Symbol('PROJECTION_OBSERVER');
