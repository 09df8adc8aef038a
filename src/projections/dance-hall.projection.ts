import { DANCE_HALL_EVENT_SCHEMAS, DanceHallEvent, DanceHallUpdatedData } from '../events/dance-hall-events';
import { defineProjection, ReadModelDocument, touched } from './projection';
import { definedFields } from '../shared/defined-fields';

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

const pickPresent = (d: DanceHallUpdatedData) => definedFields(d, ADDRESS_FIELDS);

export const DanceHallProjection = defineProjection<DanceHallDocument, DanceHallEvent>({
  name: 'dance-halls',
  version: 1,
  topic: { setting: 'DANCE_HALL_TOPIC', defaultName: 'dance-hall-events' },
  idField: 'danceHallId',
  events: DANCE_HALL_EVENT_SCHEMAS,
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
        return touched({ ...state, ...pickPresent(event.data) }, event);
      case 'DanceHallGeocoded': {
        if (!state) return null;
        const d = event.data;
        return touched({ ...state, location: { lat: d.latitude, lon: d.longitude } }, event);
      }
      case 'DanceHallDeleted':
        return null;
      default:
        return state;
    }
  },
});
