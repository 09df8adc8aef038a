import { IndexDefinition, SearchEngine, SearchHit } from './search-engine.port';
import { SearchEngineError } from './search-engine.error';

/** Creates an index unless it exists; several instances doing this at once all succeed. True when created here. */
export async function createIndexIfAbsent(engine: SearchEngine, name: string, definition: IndexDefinition): Promise<boolean> {
  try {
    await engine.createIndex(name, definition);
    return true;
  } catch (err) {
    if (err instanceof SearchEngineError && /already_exists/.test(err.message)) return false;
    throw err;
  }
}

/**
 * Every hit of a query, page by page with `search_after`. The body must sort on a unique field (an id), so
 * no hit is skipped or repeated between pages.
 */
export async function forEachHit(
  engine: SearchEngine,
  index: string,
  body: Record<string, unknown> & { sort: unknown[] },
  onHit: (hit: SearchHit) => void,
  pageSize = 1000,
): Promise<void> {
  let after: unknown[] | undefined;
  for (;;) {
    const page = await engine.search(index, { ...body, size: pageSize, ...(after && { search_after: after }) });
    page.hits.forEach(onHit);
    if (page.hits.length < pageSize) return;
    after = page.hits[page.hits.length - 1].sort;
  }
}
