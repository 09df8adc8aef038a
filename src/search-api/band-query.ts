import { BandSearchQuery } from './dto/band-search.dto';
import { searchHead } from './text-query';

/** The search request for a band query: by relevance with text, by name without. */
export function buildBandSearch(query: BandSearchQuery, searchAfter?: unknown[]): Record<string, unknown> {
  const q = query.q?.trim();
  return {
    ...searchHead(query, ['name^4', 'homeTown'], query.genre ? [{ term: { 'genre.keyword': query.genre } }] : []),
    sort: q ? [{ _score: 'desc' }, { bandId: 'asc' }] : [{ 'name.keyword': 'asc' }, { bandId: 'asc' }],
    track_scores: true,
    _source: ['bandId', 'name', 'genre', 'homeTown'],
    ...(searchAfter && { search_after: searchAfter }),
  };
}
