import { PageStart } from './cursor-codec';
import { DanceHallSearchQuery } from './dto/dance-hall-search.dto';
import { searchHead } from './text-query';

export interface GeoCentre {
  lat: number;
  lon: number;
  radiusKm: number;
}

/**
 * The search request for a venue query. With a geo filter the engine's own distance is always a sort
 * key (first without text, after the score with it), so every hit carries its distance in km.
 */
export function buildDanceHallSearch(query: DanceHallSearchQuery, geo: GeoCentre | undefined, page: PageStart = {}): Record<string, unknown> {
  const filter: Record<string, unknown>[] = [];
  if (query.city) filter.push({ term: { 'city.keyword': query.city } });
  if (query.county) filter.push({ term: { 'county.keyword': query.county } });
  if (geo) filter.push({ geo_distance: { distance: `${geo.radiusKm}km`, location: { lat: geo.lat, lon: geo.lon } } });
  const q = query.q?.trim();
  const distance = geo && { _geo_distance: { location: { lat: geo.lat, lon: geo.lon }, order: 'asc', unit: 'km', distance_type: 'arc' } };
  const sort = [
    ...(q || !distance ? [{ _score: 'desc' }] : []),
    ...(distance ? [distance] : []),
    { danceHallId: 'asc' },
  ];
  return {
    ...searchHead(query, ['name^4', 'city^2', 'municipality', 'county', 'street'], filter, { typos: page.typos }),
    sort,
    // Sorting on a field skips scoring; with text the score is still wanted in the answer.
    track_scores: true,
    _source: ['danceHallId', 'name', 'street', 'city', 'municipality', 'county', 'country', 'location'],
    ...(page.after && { search_after: page.after }),
  };
}

/** Index of the distance in each hit's sort values, when there is one. */
export const distanceSortIndex = (query: DanceHallSearchQuery, geo: GeoCentre | undefined): number | undefined =>
  geo ? (query.q?.trim() ? 1 : 0) : undefined;
