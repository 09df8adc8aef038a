/**
 * Base of every failure the service classifies: `retriable` says whether waiting and trying again can help
 * (an outage, an overload) or never will (a rejected document, a programming error).
 */
export class ClassifiedError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export const isRetriable = (err: unknown): boolean => err instanceof ClassifiedError && err.retriable;
