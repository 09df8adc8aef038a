import { ClassifiedError } from '../shared/retriable-error';

/** Kafka did not take or give what we asked (broker down, leader moving): always worth waiting for. */
export class KafkaUnavailableError extends ClassifiedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, true, options);
  }
}
