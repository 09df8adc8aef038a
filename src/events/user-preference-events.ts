import { EventUnion } from './envelope';
import { eventSchemas } from './event-schemas';

/** Payloads of `user-preference-events`; their rules live in schemas/user-preference-events/*.schema.json. */
export type UserPreferenceEvent = EventUnion<{
  OriginAdded: { name: string; latitude: number; longitude: number };
  OriginRemoved: { name: string };
  BandIgnored: { bandId: string };
  BandUnignored: { bandId: string };
  DanceHallIgnored: { danceHallId: string };
  DanceHallUnignored: { danceHallId: string };
  CityIgnored: { city: string };
  CityUnignored: { city: string };
  MunicipalityIgnored: { municipality: string };
  MunicipalityUnignored: { municipality: string };
  StateIgnored: { state: string };
  StateUnignored: { state: string };
}>;

export const USER_PREFERENCE_EVENT_SCHEMAS = eventSchemas<UserPreferenceEvent['type']>('user-preference-events', [
  'OriginAdded', 'OriginRemoved',
  'BandIgnored', 'BandUnignored',
  'DanceHallIgnored', 'DanceHallUnignored',
  'CityIgnored', 'CityUnignored',
  'MunicipalityIgnored', 'MunicipalityUnignored',
  'StateIgnored', 'StateUnignored',
]);
