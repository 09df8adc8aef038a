/** Injection tokens for the infrastructure clients, so feature modules depend on ports, not packages. */
export const SEARCH_ENGINE = Symbol('SEARCH_ENGINE');
export const KAFKA = Symbol('KAFKA');
export const DEAD_LETTER_PRODUCER = Symbol('DEAD_LETTER_PRODUCER');
