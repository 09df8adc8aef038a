import { EventUnion } from './envelope';
import { eventSchemas } from './event-schemas';

/** Payloads of `band-events`; their rules live in schemas/band-events/*.schema.json. */
export interface BandCreatedData {
  name: string;
  genre?: string;
  homeTown?: string;
}

export type BandEvent = EventUnion<{
  BandCreated: BandCreatedData;
  BandUpdated: Partial<BandCreatedData>;
  BandDeleted: Record<string, never>;
}>;

export const BAND_EVENT_SCHEMAS = eventSchemas<BandEvent['type']>('band-events', ['BandCreated', 'BandUpdated', 'BandDeleted']);
