import { DANCE_EVENT_SCHEMAS, DanceEventCreatedData, DanceEventEvent } from '../events/dance-event-events';
import { BandProjection } from './band.projection';
import { DanceHallProjection } from './dance-hall.projection';
import { defineProjection, defineReference, ReadModelDocument, touched } from './projection';
import { definedFields } from '../shared/defined-fields';

/** The dance's own fields; its hall and band as they are now arrive under `refs` (see references). */
export interface DanceEventDocument extends ReadModelDocument, DanceEventCreatedData {
  danceEventId: string;
}

const FIELDS = ['danceHallId', 'startsAt', 'endsAt', 'title', 'description', 'bandId', 'bandName', 'price', 'currency'] as const;

const present = (d: Partial<DanceEventCreatedData>) => definedFields(d, FIELDS);

export const DanceEventProjection = defineProjection<DanceEventDocument, DanceEventEvent>({
  name: 'dance-events',
  version: 1,
  topic: { setting: 'DANCE_EVENT_TOPIC', defaultName: 'dance-events' },
  idField: 'danceEventId',
  events: DANCE_EVENT_SCHEMAS,
  references: [
    defineReference({
      key: 'hall',
      source: DanceHallProjection,
      field: 'danceHallId',
      embed: (h) => ({ name: h.name, city: h.city, municipality: h.municipality, county: h.county, location: h.location }),
    }),
    defineReference({ key: 'band', source: BandProjection, field: 'bandId', embed: (b) => ({ name: b.name }) }),
  ],
  evolve(state, event) {
    switch (event.type) {
      case 'DanceEventCreated': {
        const d = event.data;
        return { danceEventId: event.aggregateId, ...present(d), danceHallId: d.danceHallId, startsAt: d.startsAt, createdAt: event.occurredAt, updatedAt: event.occurredAt, version: event.aggregateVersion };
      }
      case 'DanceEventUpdated':
        return state && touched({ ...state, ...present(event.data) }, event);
      case 'DanceEventDeleted':
        return null;
      default:
        return state;
    }
  },
});
