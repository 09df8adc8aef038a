import { PageStart } from './cursor-codec';
import { UserPreferencesDocument } from '../projections/user-preferences.projection';
import { badRequest } from '../http/api-error';
import { SearchHit } from '../search-engine/search-engine.port';
import { DanceEventSearchQuery } from './dto/dance-event-search.dto';
import { searchHead } from './text-query';

type Point = { lat: number; lon: number };
type Preferences = Pick<UserPreferencesDocument, 'origins' | 'ignoredBandIds' | 'ignoredDanceHallIds' | 'ignoredCities' | 'ignoredMunicipalities' | 'ignoredStates'>;

/** Where distances are measured from: the given point, else the user's origins (any counts, the nearest wins). */
export function centresOf(query: DanceEventSearchQuery, prefs: Preferences | undefined): Point[] {
  if ((query.lat === undefined) !== (query.lon === undefined)) throw badRequest('incomplete_geo_filter', 'lat and lon must be given together');
  if (query.lat !== undefined) return [{ lat: query.lat, lon: query.lon! }];
  if (query.radiusKm !== undefined && query.userId === undefined) {
    throw badRequest('incomplete_geo_filter', 'radiusKm needs lat and lon, or a userId whose origins are the centres');
  }
  return query.userId ? (prefs?.origins ?? []).map((o) => o.location) : [];
}

/** The end of a `to` given as a date is the end of that day. */
const upperBound = (to: string) => (/^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : to);

/**
 * The search request for "where can I dance": upcoming by default, the user's ignores as exclusions on the
 * embedded hall and band (folded keywords, so case and diacritics do not matter), and a radius around one
 * centre or around any of the user's origins. A geo search only finds dances whose hall has a location.
 */
export function buildDanceEventSearch(query: DanceEventSearchQuery, prefs: Preferences | undefined, centres: Point[], page: PageStart = {}): Record<string, unknown> {
  const asked = query.sort ?? 'startsAt';
  if (asked === 'relevance' && !query.q?.trim()) throw badRequest('invalid_parameter', 'sort=relevance needs q');
  if (asked === 'distance' && query.lat === undefined && query.userId === undefined) throw badRequest('invalid_parameter', 'sort=distance needs lat and lon, or a userId with origins');
  // A user without origins has no centre to sort by: soonest first, as without a sort.
  const sort = asked === 'distance' && centres.length === 0 ? 'startsAt' : asked;
  const from = query.from ?? new Date().toISOString();
  if (query.to && Date.parse(upperBound(query.to)) < Date.parse(from)) throw badRequest('out_of_range', 'to must not be before from');
  const filter: Record<string, unknown>[] = [{ range: { startsAt: { gte: from, ...(query.to && { lte: upperBound(query.to) }) } } }];
  if (query.bandId) filter.push({ term: { bandId: query.bandId } });
  if (query.danceHallId) filter.push({ term: { danceHallId: query.danceHallId } });
  const geo = query.radiusKm !== undefined || sort === 'distance';
  if (geo) filter.push(nearAny(centres, query.radiusKm));
  const head = searchHead(query, ['title^3', 'refs.band.name^3', 'bandName^2', 'refs.hall.name^2', 'refs.hall.city^2', 'description'], filter, { nameField: 'title', typos: page.typos });
  const bool = (head.query as { bool: Record<string, unknown> }).bool;
  if (prefs) bool.must_not = exclusions(prefs);
  const bySort = {
    startsAt: [{ startsAt: 'asc' }],
    relevance: [{ _score: 'desc' }, { startsAt: 'asc' }],
    distance: [{ _geo_distance: { 'refs.hall.location': centres, order: 'asc', unit: 'km', mode: 'min', distance_type: 'arc' } }, { startsAt: 'asc' }],
  };
  return {
    ...head,
    sort: [...bySort[sort], { danceEventId: 'asc' }],
    track_scores: true,
    _source: ['danceEventId', 'title', 'startsAt', 'endsAt', 'price', 'currency', 'bandId', 'bandName', 'danceHallId', 'refs'],
    ...(page.after && { search_after: page.after }),
  };
}

/** Within the radius of any centre; with no centre (a user without origins) nothing is near. */
function nearAny(centres: Point[], radiusKm: number | undefined): Record<string, unknown> {
  if (radiusKm === undefined) return { exists: { field: 'refs.hall.location' } };
  const should = centres.map((c) => ({ geo_distance: { distance: `${radiusKm}km`, 'refs.hall.location': c } }));
  return { bool: { should, minimum_should_match: 1 } };
}

function exclusions(p: Preferences): Record<string, unknown>[] {
  const clauses: Array<[string, readonly string[]]> = [
    ['bandId', p.ignoredBandIds],
    ['danceHallId', p.ignoredDanceHallIds],
    ['refs.hall.city.keyword', p.ignoredCities],
    ['refs.hall.municipality.keyword', p.ignoredMunicipalities],
    ['refs.hall.county.keyword', p.ignoredStates],
  ];
  return clauses.filter(([, values]) => values.length > 0).map(([field, values]) => ({ terms: { [field]: values } }));
}

// The mean Earth radius the engines' arc distance uses.
const EARTH_RADIUS_KM = 6371.0087714;
const rad = (deg: number) => (deg * Math.PI) / 180;

export function arcKm(a: Point, b: Point): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface Embedded {
  id?: string;
  name?: string;
  city?: string;
  municipality?: string;
  county?: string;
  location?: Point;
}

/** A hit as the contract shows it: the band's current name when known, the hall as it is now, the distance to the nearest centre. */
export function danceEventItem(hit: SearchHit, centres: Point[]) {
  const s = hit.source;
  const refs = (s.refs ?? {}) as { hall?: Embedded; band?: Embedded };
  const hall = refs.hall?.id === s.danceHallId ? refs.hall : undefined;
  const band = s.bandId !== undefined && refs.band?.id === s.bandId ? refs.band : undefined;
  const location = hall?.location;
  return {
    danceEventId: s.danceEventId as string,
    title: s.title as string | undefined,
    startsAt: s.startsAt as string,
    endsAt: s.endsAt as string | undefined,
    price: s.price as number | undefined,
    currency: s.currency as string | undefined,
    band: { ...(s.bandId !== undefined && { bandId: s.bandId as string }), ...((band?.name ?? s.bandName) !== undefined && { name: (band?.name ?? s.bandName) as string }) },
    danceHall: { danceHallId: s.danceHallId as string, name: hall?.name, city: hall?.city, municipality: hall?.municipality, county: hall?.county, ...(location && { location }) },
    ...(location && centres.length > 0 && { distanceKm: Math.round(Math.min(...centres.map((c) => arcKm(c, location))) * 1000) / 1000 }),
    score: hit.score,
  };
}
