import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { SEARCH_ENGINE } from '../constants';
import { readAlias, withReadAliasFilter } from '../indices/index-names';
import { ConsistencyService, CONSISTENCY_PREFERENCE } from '../consistency/consistency.service';
import { Projection } from '../projections/projection';
import { DanceHallProjection } from '../projections/dance-hall.projection';
import { ProductProjection } from '../projections/product.projection';
import { BandProjection } from '../projections/band.projection';
import { BandSearchQuery } from './dto/band-search.dto';
import { buildBandSearch } from './band-query';
import { SearchEngine, SearchResult } from '../search-engine/search-engine.port';
import { badRequest } from '../http/api-error';
import { CursorCodec, PageStart, queryFingerprint } from './cursor-codec';
import { searchWithTypoFallback } from './typo-fallback';
import { DanceHallSearchQuery } from './dto/dance-hall-search.dto';
import { ProductSearchQuery } from './dto/product-search.dto';
import { buildDanceHallSearch, distanceSortIndex, GeoCentre } from './dance-hall-query';
import { buildProductSearch, rankedByScoreAlone } from './product-query';
import { inIdOrderWithinTies, leavingOut, nextPageStart, withShownCounted } from './tied-pages';
import { BandSearchResponse, DanceEventSearchResponse, DanceHallSearchResponse, ProductSearchResponse } from './search-responses';
import { DanceEventSearchQuery } from './dto/dance-event-search.dto';
import { buildDanceEventSearch, centresOf, danceEventItem } from './dance-event-query';
import { EngineTiming } from './engine-timing';
import { DanceEventProjection } from '../projections/dance-event.projection';
import { UserPreferencesDocument, UserPreferencesProjection } from '../projections/user-preferences.projection';

/** Serves every search through the read aliases, so a blue-green cutover is invisible to callers. */
@Injectable()
export class SearchService {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly config: AppConfig,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    private readonly consistency: ConsistencyService,
  ) {
    // Without a configured secret cursors are valid for this process only; set CURSOR_SECRET when several
    // instances serve the same clients.
    this.cursors = new CursorCodec(config.CURSOR_SECRET ?? randomBytes(32).toString('hex'));
  }

  async products(query: ProductSearchQuery, timing: EngineTiming): Promise<ProductSearchResponse> {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      throw badRequest('out_of_range', 'minPrice must not be greater than maxPrice');
    }
    const ranking = { scoreOnly: (page: PageStart) => rankedByScoreAlone(query, page) };
    const { result, nextCursor } = await this.page(ProductProjection, query, (page) => buildProductSearch(query, page), await this.pinned(query.consistentWith), timing, ranking);
    const buckets = (result.aggregations?.categories as { buckets?: { key: string; doc_count: number }[] } | undefined)?.buckets ?? [];
    return {
      total: result.total,
      totalRelation: result.totalRelation,
      items: result.hits.map((hit) => ({
        productId: hit.source.productId as string,
        name: hit.source.name as string,
        description: hit.source.description as string,
        category: hit.source.category as string,
        price: hit.source.price as number,
        currency: hit.source.currency as string,
        tags: hit.source.tags as string[],
        score: hit.score,
        ...(hit.highlight && { highlight: hit.highlight }),
      })),
      facets: query.facets === 'none' ? {} : { categories: buckets.map((b) => ({ value: b.key, count: b.doc_count })) },
      nextCursor,
    };
  }

  async danceHalls(query: DanceHallSearchQuery, timing: EngineTiming): Promise<DanceHallSearchResponse> {
    const geoParts = [query.lat, query.lon, query.radiusKm].filter((v) => v !== undefined).length;
    if (geoParts !== 0 && geoParts !== 3) {
      throw badRequest('incomplete_geo_filter', 'lat, lon and radiusKm must be given together');
    }
    const geo: GeoCentre | undefined = geoParts === 3 ? { lat: query.lat!, lon: query.lon!, radiusKm: query.radiusKm! } : undefined;
    const { result, nextCursor } = await this.page(DanceHallProjection, query, (page) => buildDanceHallSearch(query, geo, page), await this.pinned(query.consistentWith), timing);
    const distanceAt = distanceSortIndex(query, geo);
    return {
      total: result.total,
      items: result.hits.map((hit) => ({
        danceHallId: hit.source.danceHallId as string,
        name: hit.source.name as string,
        street: hit.source.street as string | undefined,
        city: hit.source.city as string,
        municipality: hit.source.municipality as string | undefined,
        county: hit.source.county as string | undefined,
        country: hit.source.country as string,
        ...(hit.source.location !== undefined && { location: hit.source.location as { lat: number; lon: number } }),
        ...(distanceAt !== undefined && { distanceKm: Math.round(Number(hit.sort?.[distanceAt]) * 1000) / 1000 }),
        score: hit.score,
      })),
      nextCursor,
    };
  }

  async bands(query: BandSearchQuery, timing: EngineTiming): Promise<BandSearchResponse> {
    const { result, nextCursor } = await this.page(BandProjection, query, (page) => buildBandSearch(query, page), await this.pinned(query.consistentWith), timing);
    return {
      total: result.total,
      items: result.hits.map((hit) => ({
        bandId: hit.source.bandId as string,
        name: hit.source.name as string,
        ...(hit.source.genre !== undefined && { genre: hit.source.genre as string }),
        ...(hit.source.homeTown !== undefined && { homeTown: hit.source.homeTown as string }),
        score: hit.score,
      })),
      nextCursor,
    };
  }

  async danceEvents(query: DanceEventSearchQuery, timing: EngineTiming): Promise<DanceEventSearchResponse> {
    // One wait for the token serves both reads: the user's preferences and the dances.
    const pinned = await this.pinned(query.consistentWith);
    const prefs = query.userId ? await this.preferences(query.userId, timing, pinned) : undefined;
    const centres = centresOf(query, prefs);
    const { result, nextCursor } = await this.page(DanceEventProjection, query, (page) => buildDanceEventSearch(query, prefs, centres, page), pinned, timing);
    return { total: result.total, items: result.hits.map((hit) => danceEventItem(hit, centres)), nextCursor };
  }

  /** A user's preferences as the read model holds them; an unknown user has none (not an error). */
  private async preferences(userId: string, timing: EngineTiming, pinned?: ReadonlyMap<string, string>): Promise<UserPreferencesDocument | undefined> {
    const found = await this.readPinned(UserPreferencesProjection, { size: 1, query: { ids: { values: [userId] } } }, timing, pinned);
    return found.hits[0]?.source as unknown as UserPreferencesDocument | undefined;
  }

  /**
   * One page of a search: from the cursor's position when there is one, with typo tolerance only when the
   * exact words find too little (typo-fallback.ts), and a cursor to the next page when this one is full.
   * With `ranking`, a page may be ranked by score alone (tied-pages.ts).
   */
  private async page(
    projection: Projection,
    query: { q?: string; size?: number; cursor?: string },
    build: (page: PageStart) => Record<string, unknown>,
    pinned: ReadonlyMap<string, string> | undefined,
    timing: EngineTiming,
    ranking?: { scoreOnly: (page: PageStart) => boolean },
  ): Promise<{ result: SearchResult; nextCursor: string | null }> {
    const fingerprint = queryFingerprint({ ...query });
    const start = query.cursor ? this.cursors.decode(query.cursor, fingerprint) : undefined;
    const size = query.size ?? 20;
    const scoreOnly = ranking?.scoreOnly(start ?? {}) ?? false;
    const search = async (typos: boolean) => {
      const body = build({ after: start?.after, typos });
      if (!start?.tied) return this.readPinned(projection, body, timing, pinned);
      return withShownCounted(await this.readPinned(projection, leavingOut(body, start.tied.ids), timing, pinned));
    };
    const { result, typos } = await searchWithTypoFallback(search, query.q?.trim(), size, start?.typos);
    const hits = scoreOnly ? inIdOrderWithinTies(result.hits) : result.hits;
    // A short page is the last one.
    const next = hits.length === size ? nextPageStart(hits, scoreOnly, start?.tied) : undefined;
    return { result: { ...result, hits }, nextCursor: next ? this.cursors.encode(next.after, fingerprint, typos, next.tied) : null };
  }

  /** With a token, waits until it is searchable: the physical index each projection was then seen in. */
  private async pinned(consistentWith?: string): Promise<ReadonlyMap<string, string> | undefined> {
    return consistentWith === undefined ? undefined : (await this.consistency.require(consistentWith)).pinned;
  }

  private readPinned(projection: Projection, body: Record<string, unknown>, timing: EngineTiming, pinned?: ReadonlyMap<string, string>): Promise<SearchResult> {
    const index = pinned?.get(projection.name);
    return timing.timed(() =>
      index
        ? this.engine.search(index, withReadAliasFilter(body), { preference: CONSISTENCY_PREFERENCE })
        : this.engine.search(readAlias(this.config.INDEX_PREFIX, projection), body),
    );
  }
}
