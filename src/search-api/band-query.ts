import { PageStart } from './cursor-codec';
import { BandSearchQuery } from './dto/band-search.dto';
import { searchHead } from './text-query';

/** The search request for a band query: by relevance with text, by name without. */
export function buildBandSearch(query: BandSearchQuery, page: PageStart = {}): Record<string, unknown> {
  const q = query.q?.trim();
  return {
    ...searchHead(query, ['name^4', 'homeTown'], query.genre ? [{ term: { 'genre.keyword': query.genre } }] : [], { typos: page.typos }),
    sort: q ? [{ _score: 'desc' }, { bandId: 'asc' }] : [{ 'name.keyword': 'asc' }, { bandId: 'asc' }],
    track_scores: true,
    _source: ['bandId', 'name', 'genre', 'homeTown'],
    ...(page.after && { search_after: page.after }),
  };
}
