import { DomainEvent } from '../events/envelope';
import { DANCE_HALL_EVENT_SCHEMAS, DanceHallEvent, DanceHallUpdatedData } from '../events/dance-hall-events';
import { Projection, ReadModelDocument } from './projection';

export interface DanceHallDocument extends ReadModelDocument {
  danceHallId: string;
  name: string;
  street?: string;
  postalCode?: string;
  city: string;
  municipality?: string;
  county?: string;
  country: string;
  location?: { lat: number; lon: number };
}

const ADDRESS_FIELDS = ['name', 'city', 'street', 'postalCode', 'municipality', 'county', 'country'] as const;

const pickPresent = (d: DanceHallUpdatedData): Partial<DanceHallDocument> =>
  Object.fromEntries(ADDRESS_FIELDS.filter((f) => d[f] !== undefined).map((f) => [f, d[f]]));

const stamp = (doc: DanceHallDocument, event: DomainEvent): DanceHallDocument => ({
  ...doc,
  updatedAt: event.occurredAt,
  version: event.aggregateVersion,
});

export const DanceHallProjection: Projection<DanceHallDocument, DanceHallEvent> = {
  name: 'dance-halls',
  version: 1,
  topicSetting: 'DANCE_HALL_TOPIC',
  mappingFile: 'dance-halls.json',
  idField: 'danceHallId',
  events: DANCE_HALL_EVENT_SCHEMAS,
  documentId: (event) => event.aggregateId,
  evolve(state, event) {
    switch (event.type) {
      case 'DanceHallCreated': {
        const d = event.data;
        return {
          danceHallId: event.aggregateId,
          ...pickPresent(d),
          name: d.name,
          city: d.city,
          country: d.country ?? 'SE',
          createdAt: event.occurredAt,
          updatedAt: event.occurredAt,
          version: event.aggregateVersion,
        };
      }
      case 'DanceHallUpdated':
        if (!state) return null;
        return stamp({ ...state, ...pickPresent(event.data) }, event);
      case 'DanceHallGeocoded': {
        if (!state) return null;
        const d = event.data;
        return stamp({ ...state, location: { lat: d.latitude, lon: d.longitude } }, event);
      }
      case 'DanceHallDeleted':
        return null;
      default:
        return state;
    }
  },
};
