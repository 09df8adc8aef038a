/** A field and how much a match in it counts. */
export type WeightedField = `${string}^${number}` | string;

/**
 * Relevance for user text, built only from match-type queries so the text is never parsed as query
 * syntax. Exact words score highest, a whole-phrase match in the name higher still; fuzzy matching and
 * name prefixes (search-as-you-type) add candidates with lower weight, so typos are found without
 * drowning exact hits.
 */
export function textQuery(q: string, fields: WeightedField[], options: { nameField?: string; fuzzyFields?: WeightedField[] } = {}): Record<string, unknown> {
  const nameField = options.nameField ?? 'name';
  return {
    bool: {
      should: [
        { multi_match: { query: q, fields, type: 'best_fields', operator: 'and', boost: 3 } },
        // Words under 5 letters are not fuzzed: a short word is usually a prefix being typed (the prefix clause
        // finds it), and fuzzing it matches other short words and costs the most expansions (bench/search-queries.ts).
        { multi_match: { query: q, fields: options.fuzzyFields ?? fields, type: 'best_fields', fuzziness: 'AUTO:5,8', prefix_length: 1, max_expansions: 20, boost: 1 } },
        { match: { [`${nameField}.prefix`]: { query: q, operator: 'and', boost: 1.5 } } },
        { match_phrase: { [nameField]: { query: q, boost: 6 } } },
      ],
      minimum_should_match: 1,
    },
  };
}

/** What every search starts with: the page size, exact totals, and the text (or everything) within the filters. */
export function searchHead(
  query: { q?: string; size?: number },
  fields: WeightedField[],
  filter: Record<string, unknown>[],
  options?: Parameters<typeof textQuery>[2],
): Record<string, unknown> {
  const q = query.q?.trim();
  return {
    size: query.size ?? 20,
    track_total_hits: true,
    query: { bool: { must: q ? [textQuery(q, fields, options)] : [{ match_all: {} }], filter } },
  };
}
