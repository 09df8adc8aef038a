import { EventUnion } from './envelope';
import { eventSchemas } from './event-schemas';

/** Payloads of `dance-hall-events`; their rules live in schemas/dance-hall-events/*.schema.json. */
export interface DanceHallCreatedData {
  name: string;
  city: string;
  street?: string;
  postalCode?: string;
  municipality?: string;
  county?: string;
  country?: string;
}

export type DanceHallUpdatedData = Partial<DanceHallCreatedData>;

export interface DanceHallGeocodedData {
  latitude: number;
  longitude: number;
}

export type DanceHallEvent = EventUnion<{
  DanceHallCreated: DanceHallCreatedData;
  DanceHallUpdated: DanceHallUpdatedData;
  DanceHallGeocoded: DanceHallGeocodedData;
  DanceHallDeleted: Record<string, never>;
}>;

export const DANCE_HALL_EVENT_SCHEMAS = eventSchemas<DanceHallEvent['type']>('dance-hall-events', ['DanceHallCreated', 'DanceHallUpdated', 'DanceHallGeocoded', 'DanceHallDeleted']);
