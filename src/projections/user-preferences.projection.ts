import { USER_PREFERENCE_EVENT_SCHEMAS, UserPreferenceEvent } from '../events/user-preference-events';
import { defineProjection, ReadModelDocument, touched } from './projection';

export interface Origin {
  name: string;
  location: { lat: number; lon: number };
}

export interface UserPreferencesDocument extends ReadModelDocument {
  userId: string;
  origins: Origin[];
  ignoredBandIds: string[];
  ignoredDanceHallIds: string[];
  ignoredCities: string[];
  ignoredMunicipalities: string[];
  ignoredStates: string[];
}

type SetField = Exclude<keyof UserPreferencesDocument, 'origins' | keyof ReadModelDocument | 'userId'>;

/** Names of places compare case- and diacritics-insensitively, as the contract says (and as the index's normalizer does). */
export const foldName = (text: string): string => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** Set semantics: adding what is there, or removing what is not, leaves the set as it was (the first spelling stays). */
const added = (set: readonly string[], value: string, key = foldName) => (set.some((v) => key(v) === key(value)) ? [...set] : [...set, value]);
const removed = (set: readonly string[], value: string, key = foldName) => set.filter((v) => key(v) !== key(value));
const exact = (v: string) => v.toLowerCase(); // ids are UUIDs: case is not meaningful

const empty = (userId: string, createdAt: string): Omit<UserPreferencesDocument, 'updatedAt' | 'version'> => ({
  userId, origins: [], ignoredBandIds: [], ignoredDanceHallIds: [], ignoredCities: [], ignoredMunicipalities: [], ignoredStates: [], createdAt,
});

/** Every event changes a set; the version and time always advance, even when the set stays as it was. */
export const UserPreferencesProjection = defineProjection<UserPreferencesDocument, UserPreferenceEvent>({
  name: 'user-preferences',
  version: 1,
  topic: { setting: 'USER_PREFERENCE_TOPIC', defaultName: 'user-preference-events' },
  idField: 'userId',
  events: USER_PREFERENCE_EVENT_SCHEMAS,
  evolve(previous, event) {
    const state = { ...empty(event.aggregateId, event.occurredAt), ...previous };
    const set = (field: SetField, change: (values: readonly string[]) => string[]) => touched({ ...state, [field]: change(state[field]) } as UserPreferencesDocument, event);
    switch (event.type) {
      case 'OriginAdded': {
        const origin = { name: event.data.name, location: { lat: event.data.latitude, lon: event.data.longitude } };
        const known = state.origins.some((o) => foldName(o.name) === foldName(origin.name));
        return touched({ ...state, origins: known ? state.origins : [...state.origins, origin] } as UserPreferencesDocument, event);
      }
      case 'OriginRemoved':
        return touched({ ...state, origins: state.origins.filter((o) => foldName(o.name) !== foldName(event.data.name)) } as UserPreferencesDocument, event);
      case 'BandIgnored': return set('ignoredBandIds', (s) => added(s, event.data.bandId, exact));
      case 'BandUnignored': return set('ignoredBandIds', (s) => removed(s, event.data.bandId, exact));
      case 'DanceHallIgnored': return set('ignoredDanceHallIds', (s) => added(s, event.data.danceHallId, exact));
      case 'DanceHallUnignored': return set('ignoredDanceHallIds', (s) => removed(s, event.data.danceHallId, exact));
      case 'CityIgnored': return set('ignoredCities', (s) => added(s, event.data.city));
      case 'CityUnignored': return set('ignoredCities', (s) => removed(s, event.data.city));
      case 'MunicipalityIgnored': return set('ignoredMunicipalities', (s) => added(s, event.data.municipality));
      case 'MunicipalityUnignored': return set('ignoredMunicipalities', (s) => removed(s, event.data.municipality));
      case 'StateIgnored': return set('ignoredStates', (s) => added(s, event.data.state));
      case 'StateUnignored': return set('ignoredStates', (s) => removed(s, event.data.state));
      default:
        return previous;
    }
  },
});
