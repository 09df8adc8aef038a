import { BAND_EVENT_SCHEMAS, BandCreatedData, BandEvent } from '../events/band-events';
import { defineProjection, ReadModelDocument, touched } from './projection';
import { definedFields } from '../shared/defined-fields';

export interface BandDocument extends ReadModelDocument {
  bandId: string;
  name: string;
  genre?: string;
  homeTown?: string;
}

const present = (d: Partial<BandCreatedData>) => definedFields(d, ['name', 'genre', 'homeTown'] as const);

export const BandProjection = defineProjection<BandDocument, BandEvent>({
  name: 'bands',
  version: 1,
  topic: { setting: 'BAND_TOPIC', defaultName: 'band-events' },
  idField: 'bandId',
  events: BAND_EVENT_SCHEMAS,
  evolve(state, event) {
    switch (event.type) {
      case 'BandCreated':
        return { bandId: event.aggregateId, ...present(event.data), name: event.data.name, createdAt: event.occurredAt, updatedAt: event.occurredAt, version: event.aggregateVersion };
      case 'BandUpdated':
        return state && touched({ ...state, ...present(event.data) }, event);
      case 'BandDeleted':
        return null;
      default:
        return state;
    }
  },
});
