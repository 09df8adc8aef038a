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
import { SearchEngine, SearchHit, SearchResult } from '../search-engine/search-engine.port';
import { badRequest } from '../http/api-error';
import { CursorCodec, queryFingerprint } from './cursor-codec';
import { DanceHallSearchQuery } from './dto/dance-hall-search.dto';
import { ProductSearchQuery } from './dto/product-search.dto';
import { buildDanceHallSearch, distanceSortIndex, GeoCentre } from './dance-hall-query';
import { buildProductSearch } from './product-query';
import { BandSearchResponse, DanceEventSearchResponse, DanceHallSearchResponse, ProductSearchResponse } from './search-responses';
import { DanceEventSearchQuery } from './dto/dance-event-search.dto';
import { buildDanceEventSearch, centresOf, danceEventItem } from './dance-event-query';
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

  async products(query: ProductSearchQuery): Promise<ProductSearchResponse> {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      throw badRequest('out_of_range', 'minPrice must not be greater than maxPrice');
    }
    const fingerprint = queryFingerprint({ ...query });
    const after = query.cursor ? this.cursors.decode(query.cursor, fingerprint) : undefined;
    const result = await this.read(ProductProjection, buildProductSearch(query, after), query.consistentWith);
    const size = query.size ?? 20;
    const buckets = (result.aggregations?.categories as { buckets?: { key: string; doc_count: number }[] } | undefined)?.buckets ?? [];
    return {
      total: result.total,
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
      facets: { categories: buckets.map((b) => ({ value: b.key, count: b.doc_count })) },
      nextCursor: this.nextCursor(result.hits, size, fingerprint),
    };
  }

  async danceHalls(query: DanceHallSearchQuery): Promise<DanceHallSearchResponse> {
    const geoParts = [query.lat, query.lon, query.radiusKm].filter((v) => v !== undefined).length;
    if (geoParts !== 0 && geoParts !== 3) {
      throw badRequest('incomplete_geo_filter', 'lat, lon and radiusKm must be given together');
    }
    const geo: GeoCentre | undefined = geoParts === 3 ? { lat: query.lat!, lon: query.lon!, radiusKm: query.radiusKm! } : undefined;
    const fingerprint = queryFingerprint({ ...query });
    const after = query.cursor ? this.cursors.decode(query.cursor, fingerprint) : undefined;
    const result = await this.read(DanceHallProjection, buildDanceHallSearch(query, geo, after), query.consistentWith);
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
      nextCursor: this.nextCursor(result.hits, query.size ?? 20, fingerprint),
    };
  }

  async bands(query: BandSearchQuery): Promise<BandSearchResponse> {
    const fingerprint = queryFingerprint({ ...query });
    const after = query.cursor ? this.cursors.decode(query.cursor, fingerprint) : undefined;
    const result = await this.read(BandProjection, buildBandSearch(query, after), query.consistentWith);
    return {
      total: result.total,
      items: result.hits.map((hit) => ({
        bandId: hit.source.bandId as string,
        name: hit.source.name as string,
        ...(hit.source.genre !== undefined && { genre: hit.source.genre as string }),
        ...(hit.source.homeTown !== undefined && { homeTown: hit.source.homeTown as string }),
        score: hit.score,
      })),
      nextCursor: this.nextCursor(result.hits, query.size ?? 20, fingerprint),
    };
  }

  async danceEvents(query: DanceEventSearchQuery): Promise<DanceEventSearchResponse> {
    // One wait for the token serves both reads: the user's preferences and the dances.
    const pinned = await this.pinned(query.consistentWith);
    const prefs = query.userId ? await this.preferences(query.userId, pinned) : undefined;
    const centres = centresOf(query, prefs);
    const fingerprint = queryFingerprint({ ...query });
    const after = query.cursor ? this.cursors.decode(query.cursor, fingerprint) : undefined;
    const result = await this.readPinned(DanceEventProjection, buildDanceEventSearch(query, prefs, centres, after), pinned);
    return {
      total: result.total,
      items: result.hits.map((hit) => danceEventItem(hit, centres)),
      nextCursor: this.nextCursor(result.hits, query.size ?? 20, fingerprint),
    };
  }

  /** A user's preferences as the read model holds them; an unknown user has none (not an error). */
  private async preferences(userId: string, pinned?: ReadonlyMap<string, string>): Promise<UserPreferencesDocument | undefined> {
    const found = await this.readPinned(UserPreferencesProjection, { size: 1, query: { ids: { values: [userId] } } }, pinned);
    return found.hits[0]?.source as unknown as UserPreferencesDocument | undefined;
  }

  /**
   * Searches a projection's read alias; with a token, first waits until it is searchable, then searches the
   * physical index it was seen in (with the alias's filter), so an alias moved meanwhile cannot hide it.
   */
  private async read(projection: Projection, body: Record<string, unknown>, consistentWith?: string): Promise<SearchResult> {
    return this.readPinned(projection, body, await this.pinned(consistentWith));
  }

  /** With a token, waits until it is searchable: the physical index each projection was then seen in. */
  private async pinned(consistentWith?: string): Promise<ReadonlyMap<string, string> | undefined> {
    return consistentWith === undefined ? undefined : (await this.consistency.require(consistentWith)).pinned;
  }

  private readPinned(projection: Projection, body: Record<string, unknown>, pinned?: ReadonlyMap<string, string>): Promise<SearchResult> {
    const index = pinned?.get(projection.name);
    if (!index) return this.engine.search(readAlias(this.config.INDEX_PREFIX, projection), body);
    return this.engine.search(index, withReadAliasFilter(body), { preference: CONSISTENCY_PREFERENCE });
  }

  /** A cursor only when the page was full: a short page is the last one. */
  private nextCursor(hits: SearchHit[], size: number, fingerprint: string): string | null {
    const last = hits[hits.length - 1];
    return hits.length === size && last?.sort ? this.cursors.encode(last.sort, fingerprint) : null;
  }
}
