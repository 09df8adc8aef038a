import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { createSearchEngine } from '../../src/search-engine/create-search-engine';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { ProductProjection } from '../../src/projections/product.projection';
import { DanceHallProjection } from '../../src/projections/dance-hall.projection';
import { BandProjection } from '../../src/projections/band.projection';
import { publish } from '../support/publish';
import { cleanUp, createTopics, isolatedConfig, localStackManaged, waitForCatchUp } from '../support/integration';
import { liveIndexOf, startService } from '../support/service';
import { BANDS, DANCES, fixtureMessages, HALLS, haversineKm, PRODUCTS } from '../support/search-fixtures';
import { DanceEventProjection } from '../../src/projections/dance-event.projection';
import { topicsOf } from '../../src/join/feeds';
import { startEngine, stopEngine } from '../support/local-stack';
import { parseServerTiming } from '../../src/search-api/engine-timing';

jest.setTimeout(300_000);

interface Page<T> {
  status: number;
  body: { total: number; items: T[]; nextCursor: string | null; facets?: { categories: { value: string; count: number }[] }; error?: { code: string; message: string } };
}
type Hall = { danceHallId: string; name: string; distanceKm?: number; location?: { lat: number; lon: number } };
type Product = { productId: string; name: string; highlight?: Record<string, string[]>; category: string; price: number };

describe('search API over HTTP against the real engine', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication;

  const get = async <T>(path: string, port = config.PORT): Promise<Page<T>> => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, body: (await res.json()) as Page<T>['body'] };
  };
  const halls = (q: string) => get<Hall>(`/search/dance-halls?${q}`);
  const products = (q: string) => get<Product>(`/search/products?${q}`);
  const top3 = (page: Page<{ name: string }>) => page.body.items.slice(0, 3).map((i) => i.name);

  beforeAll(async () => {
    config = await isolatedConfig('search', { SEARCH_RATE_LIMIT: '10000' });
    await createTopics(config);
    engine = createSearchEngine(config);
    app = await startService(config);
    const productIndex = await liveIndexOf(engine, config, ProductProjection);
    const hallIndex = await liveIndexOf(engine, config, DanceHallProjection);
    const bandIndex = await liveIndexOf(engine, config, BandProjection);
    const danceIndex = await liveIndexOf(engine, config, DanceEventProjection);
    await publish(config, fixtureMessages());
    await waitForCatchUp(config, engine, productIndex, config.topics.PRODUCT_TOPIC);
    await waitForCatchUp(config, engine, hallIndex, config.topics.DANCE_HALL_TOPIC);
    await waitForCatchUp(config, engine, bandIndex, config.topics.BAND_TOPIC);
    for (const topic of topicsOf(config, DanceEventProjection)) await waitForCatchUp(config, engine, danceIndex, topic);
    for (const index of [productIndex, hallIndex, bandIndex, danceIndex]) await engine.refresh(await index());
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(config);
    await engine?.close();
  });

  describe('dance halls', () => {
    it.each([
      ['ostersund', 'Östersunds Folkets Park'],
      ['gardsnas', 'Dansbanan i Gärdsnäs'],
      ['asarna', 'Bygdegården Åsarna'],
      ['bygdegarden asarna', 'Bygdegården Åsarna'],
      ['Östersnds', 'Östersunds Folkets Park'],
      ['gärdsnäss', 'Dansbanan i Gärdsnäs'],
      ['ronneby brunnsprken', 'Brunnsparken Ronneby'],
      ['sormland', 'Sörmlandsgården Nyköping'],
    ])('q=%s finds %s in the top 3', async (q, name) => {
      const page = await halls(`q=${encodeURIComponent(q)}`);
      expect(page.status).toBe(200);
      expect(top3(page)).toContain(name);
    });

    it('ranks the exact name first', async () => {
      for (const name of ['Dansbanan i Gärdsnäs', 'Folkets Park Malmö', 'Frösö Dansbana']) {
        expect((await halls(`q=${encodeURIComponent(name)}`)).body.items[0].name).toBe(name);
      }
    });

    it('filters exactly by city and county', async () => {
      const jamtland = await halls(`county=${encodeURIComponent('Jämtlands län')}&size=100`);
      expect(jamtland.body.items.map((i) => i.name).sort()).toEqual(HALLS.filter((h) => h.county === 'Jämtlands län').map((h) => h.name).sort());
      const sveg = await halls('city=Sveg');
      expect(sveg.body.items.map((i) => i.name)).toEqual(['Svegs Folkets Hus']);
    });

    it('returns exactly the venues within the radius, sorted by distance, each with its distance', async () => {
      const centre = { lat: 63.1792, lon: 14.6357 };
      for (const radiusKm of [20, 100, 200]) {
        const page = await halls(`lat=${centre.lat}&lon=${centre.lon}&radiusKm=${radiusKm}&size=100`);
        const expected = HALLS.map((h) => ({ name: h.name, d: haversineKm(centre, h) }))
          .filter((h) => h.d <= radiusKm)
          .sort((a, b) => a.d - b.d);
        expect(page.body.items.map((i) => i.name)).toEqual(expected.map((e) => e.name));
        page.body.items.forEach((item, i) => expect(item.distanceKm!).toBeCloseTo(expected[i].d, 0));
      }
    });

    it('combines text with the geo filter: relevance first, distance still reported', async () => {
      const page = await halls('q=dansbana&lat=63.1792&lon=14.6357&radiusKm=30');
      expect(page.body.items.map((i) => i.name)).toEqual(['Frösö Dansbana']);
      expect(page.body.items[0].distanceKm).toBeGreaterThan(0);
    });
  });

  describe('bands', () => {
    const bands = (q: string) => get<{ bandId: string; name: string; genre: string; homeTown: string }>(`/search/bands?${q}`);

    it.each([
      ['vikingarna', 'Vikingarna'],
      ['vikingarn', 'Vikingarna'],
      ['wahlstroms', 'Wahlströms'],
      ['hoglunds', 'Höglunds Gammeldans'],
      ['larz kristerz', 'Larz-Kristerz'],
      ['streplers', 'Streaplers'],
    ])('q=%s finds %s in the top 3', async (q, name) => {
      const page = await bands(`q=${encodeURIComponent(q)}`);
      expect(page.status).toBe(200);
      expect(top3(page)).toContain(name);
    });

    it('filters exactly by genre, case and diacritics folded, and answers the contract fields', async () => {
      const page = await bands('genre=DANSBAND&size=100');
      expect(page.body.items.map((b) => b.name).sort()).toEqual(['Larz-Kristerz', 'Streaplers', 'Vikingarna', 'Wahlströms']);
      const vikingarna = BANDS.find((b) => b.name === 'Vikingarna')!;
      expect(page.body.items.find((b) => b.name === 'Vikingarna')).toEqual({ bandId: vikingarna.id, name: 'Vikingarna', genre: 'dansband', homeTown: 'Kalix', score: expect.anything() });
    });

    it('pages with cursors, each band once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<{ bandId: string }> = await bands(`genre=folkmusik&size=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...page.body.items.map((b) => b.bandId));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(30);
      expect(new Set(seen).size).toBe(30);
    });

    it('refuses unknown parameters with a 400 and a reason', async () => {
      const page = await bands('genr=dansband');
      expect({ status: page.status, code: page.body.error?.code }).toEqual({ status: 400, code: 'unknown_parameter' });
    });
  });

  describe('dance events', () => {
    type Dance = { danceEventId: string; title: string; startsAt: string; band: { bandId?: string; name?: string }; danceHall: { danceHallId: string; name?: string; city?: string; location?: { lat: number; lon: number } }; distanceKm?: number };
    const dances = (q: string) => get<Dance>(`/search/dance-events?${q}`);
    const östersund = HALLS[0];

    it.each([
      ['vikingarn', 'Vikingarna'],
      ['hoglunds', 'Höglunds Gammeldans'],
      ['streplers', 'Streaplers'],
    ])('q=%s finds dances with %s first, by the band name embedded from band-events', async (q, band) => {
      const page = await dances(`q=${encodeURIComponent(q)}&sort=relevance`);
      expect(page.status).toBe(200);
      expect(page.body.items[0].band.name).toBe(band);
    });

    it.each([
      ['ostersund', 'Östersund'],
      ['gardsnas', 'Gärdsnäs'],
      ['bygdegarden asarna', 'Åsarna'],
    ])('q=%s finds dances at the hall in %s first, by its embedded name and city', async (q, city) => {
      const page = await dances(`q=${encodeURIComponent(q)}&sort=relevance`);
      expect(page.body.items[0].danceHall.city).toBe(city);
    });

    it('hides past dances unless asked, and sorts by start, soonest first', async () => {
      const upcoming = await dances('size=100');
      const starts = upcoming.body.items.map((d) => d.startsAt);
      expect(upcoming.body.total).toBe(DANCES.length - 1);
      expect(starts).toEqual([...starts].sort());
      const withPast = await dances(`from=${new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10)}&size=1`);
      expect(withPast.body.items[0].title).toBe('Gårdagens dans');
    });

    it('returns exactly the dances within the radius, nearest first, each with its distance', async () => {
      const centre = { lat: 63.18, lon: 14.64 };
      const page = await dances(`lat=${centre.lat}&lon=${centre.lon}&radiusKm=60&sort=distance&size=100`);
      const within = DANCES.filter((d) => d.startsAt > new Date().toISOString() && haversineKm(centre, d.hall) <= 60);
      expect(page.body.items.map((d) => d.danceEventId).sort()).toEqual(within.map((d) => d.id).sort());
      const distances = page.body.items.map((d) => d.distanceKm!);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      for (const item of page.body.items) {
        const dance = DANCES.find((d) => d.id === item.danceEventId)!;
        expect(item.distanceKm).toBeCloseTo(haversineKm(centre, dance.hall), 1);
        expect(item.danceHall).toMatchObject({ danceHallId: dance.hall.id, name: dance.hall.name, location: { lat: dance.hall.lat, lon: dance.hall.lon } });
      }
    });

    it('pages with cursors, each dance once, filtered by hall', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Dance> = await dances(`danceHallId=${östersund.id}&size=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...page.body.items.map((d) => d.danceEventId));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(DANCES.filter((d) => d.hall === östersund && d.startsAt > new Date().toISOString()).map((d) => d.id).sort());
    });
  });

  describe('products', () => {
    it.each([
      ['dansskor', 'Dansskor Herr Classic'],
      ['dansskr', 'Dansskor Herr Classic'],
      ['foxtrott pumps', 'Foxtrot Pumps Satin'],
      ['buggkurs nyborjare', 'Buggkurs för nybörjare'],
      ['balklanning', 'Balklänning Siden'],
      ['balkl', 'Balklänning Siden'],
      ['foxtr', 'Foxtrot Pumps Satin'],
    ])('q=%s finds %s in the top 3', async (q, name) => {
      const page = await products(`q=${encodeURIComponent(q)}`);
      expect(top3(page)).toContain(name);
    });

    it('ranks the exact name first and highlights the match', async () => {
      const page = await products(`q=${encodeURIComponent('Foxtrot Pumps Satin')}`);
      expect(page.body.items[0].name).toBe('Foxtrot Pumps Satin');
      expect(page.body.items[0].highlight?.name?.[0]).toContain('<em>');
    });

    it('filters by category, tags and price, with a category facet', async () => {
      const page = await products('tags=bugg&minPrice=500&maxPrice=1500');
      expect(page.body.items.map((i) => i.name).sort()).toEqual(['Buggkurs för nybörjare', 'Dansskor Herr Classic']);
      const shoes = await products('category=shoes&sort=price_desc');
      expect(shoes.body.items.map((i) => i.price)).toEqual([1299, 899]);
      const all = await products('size=1');
      expect(all.body.facets?.categories).toEqual(expect.arrayContaining([{ value: 'floor-care', count: 300 }, { value: 'shoes', count: 2 }]));
    });

    it('leaves out the facet when asked for none, and says the total is exact while under the bound', async () => {
      const page = await products('q=dansgolvsvax&facets=none&size=5');
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 300, totalRelation: 'eq', facets: {} });
      expect(page.body.items).toHaveLength(5);
      const faceted = await products('q=dansgolvsvax&size=5');
      expect(faceted.body).toMatchObject({ total: 300, totalRelation: 'eq', facets: { categories: [{ value: 'floor-care', count: 300 }] } });
    });

    it('pages with cursors through more than 250 hits, each document once', async () => {
      for (const sort of ['relevance', 'price_asc', 'newest']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let total = 0;
        do {
          const page: Page<Product> = await products(`category=floor-care&q=dansgolvsvax&size=40&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
          expect(page.status).toBe(200);
          total = page.body.total;
          seen.push(...page.body.items.map((i) => i.productId));
          cursor = page.body.nextCursor;
        } while (cursor);
        expect(total).toBe(300);
        expect(seen).toHaveLength(300);
        expect(new Set(seen).size).toBe(300);
      }
    });

    it('pages through a misspelt query with cursors, each document once', async () => {
      // Two edits from "dansgolvsvax": the exact words find nothing, so the first page is answered fuzzily.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Product> = await products(`category=floor-care&q=dansgolvsvaks&size=40${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.total).toBe(300);
        seen.push(...page.body.items.map((i) => i.productId));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(300);
      expect(seen).toHaveLength(300);
    });

    it('says in Server-Timing how many engine searches it ran and where the time went', async () => {
      const timing = async (q: string) => {
        const res = await fetch(`http://127.0.0.1:${config.PORT}/search/products?category=floor-care&size=5&q=${q}`);
        expect(res.status).toBe(200);
        return res.headers.get('server-timing') ?? '';
      };
      const dur = (header: string, name: string) => parseServerTiming(header)[name];
      // Spelt right, the exact query fills the page; two edits off, the typo-tolerant one runs after it.
      for (const [q, searches] of [['dansgolvsvax', '1 search'], ['dansgolvsvaks', '2 searches']]) {
        const header = await timing(q);
        expect(header).toContain(`desc="engine took, ${searches}"`);
        expect(dur(header, 'engine')).toBeLessThanOrEqual(dur(header, 'calls'));
        expect(dur(header, 'calls')).toBeGreaterThan(0);
        expect(dur(header, 'calls')).toBeLessThanOrEqual(dur(header, 'handler'));
        expect(dur(header, 'handler')).toBeLessThanOrEqual(dur(header, 'app'));
      }
    });

    it('treats user text as text, never as query syntax', async () => {
      for (const q of ['name:Dansskor OR *', '"unbalanced', 'a AND (b', '{"match_all":{}}', '*:*', 'price:[0 TO 10]']) {
        const page = await products(`q=${encodeURIComponent(q)}`);
        expect(page.status).toBe(200);
        expect(page.body.total).toBeLessThan(PRODUCTS.length);
      }
    });
  });

  describe('bad input', () => {
    it.each([
      ['/search/products?catgory=shoes', 'unknown_parameter'],
      ['/search/products?size=0', 'out_of_range'],
      ['/search/products?size=101', 'out_of_range'],
      ['/search/products?size=ten', 'invalid_parameter'],
      ['/search/products?minPrice=-1', 'out_of_range'],
      ['/search/products?minPrice=50&maxPrice=10', 'out_of_range'],
      ['/search/products?sort=cheapest', 'invalid_parameter'],
      ['/search/products?facets=tags', 'invalid_parameter'],
      [`/search/products?q=${'a'.repeat(501)}`, 'query_too_long'],
      ['/search/products?cursor=bm90LWEtY3Vyc29y.c2lnbmF0dXJl', 'invalid_cursor'],
      ['/search/dance-halls?lat=63.1&lon=14.6', 'incomplete_geo_filter'],
      ['/search/dance-halls?radiusKm=10', 'incomplete_geo_filter'],
      ['/search/dance-halls?lat=91&lon=14&radiusKm=10', 'out_of_range'],
      ['/search/dance-halls?lat=63&lon=14&radiusKm=0', 'out_of_range'],
      [`/search/dance-halls?q=${'ö'.repeat(501)}`, 'query_too_long'],
      ['/search/dance-halls?query=ostersund', 'unknown_parameter'],
      ['/search/dance-events?lat=63.1', 'incomplete_geo_filter'],
      ['/search/dance-events?radiusKm=10', 'incomplete_geo_filter'],
      ['/search/dance-events?sort=relevance', 'invalid_parameter'],
      ['/search/dance-events?sort=distance', 'invalid_parameter'],
      ['/search/dance-events?sort=nearest', 'invalid_parameter'],
      ['/search/dance-events?from=last-friday', 'invalid_parameter'],
      ['/search/dance-events?from=2026-12-06&to=2026-12-04', 'out_of_range'],
      ['/search/dance-events?userId=not-a-uuid', 'invalid_parameter'],
      ['/search/dance-events?lat=63&lon=14&radiusKm=5000', 'out_of_range'],
    ])('%s answers 400 %s', async (path, code) => {
      const page = await get(path);
      expect(page.status).toBe(400);
      expect(page.body.error?.code).toBe(code);
      expect(page.body.error?.message.length).toBeGreaterThan(5);
    });

    it('refuses a tampered cursor and a cursor from another query', async () => {
      const first = await products('category=floor-care&size=5');
      const cursor = first.body.nextCursor!;
      const [body, sig] = cursor.split('.');
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
      payload.a[0] = 0;
      const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
      expect((await products(`category=floor-care&size=5&cursor=${forged}`)).body.error?.code).toBe('invalid_cursor');
      expect((await products(`category=shoes&size=5&cursor=${cursor}`)).body.error?.code).toBe('invalid_cursor');
      expect((await products(`category=floor-care&size=5&cursor=${cursor}`)).status).toBe(200);
    });

    it('limits each client to its rate and says so with 429', async () => {
      const limited = await isolatedConfig('ratelimit', { SEARCH_RATE_LIMIT: '5' });
      const other = await startService(limited);
      try {
        const statuses = await Promise.all(Array.from({ length: 12 }, () => get('/search/products?size=1', limited.PORT).then((p) => p)));
        const tooMany = statuses.filter((s) => s.status === 429);
        expect(tooMany.length).toBeGreaterThanOrEqual(6);
        expect(tooMany[0].body.error?.code).toBe('rate_limited');
        expect((await get('/health/live', limited.PORT)).status).toBe(200);
      } finally {
        await other.close();
        await cleanUp(limited);
      }
    });

    (localStackManaged ? it : it.skip)('answers 503 with a clear error while the engine is down', async () => {
      stopEngine();
      try {
        const page = await products('q=dansskor');
        expect(page.status).toBe(503);
        expect(page.body.error).toEqual({ code: 'search_unavailable', message: expect.stringContaining('search engine') });
        expect(JSON.stringify(page.body)).not.toMatch(/at \w+ \(|ECONNREFUSED|stack/);
      } finally {
        startEngine();
      }
      expect((await products('q=dansskor')).status).toBe(200);
    });
  });
});
