/** A field and how much a match in it counts. */
export type WeightedField = `${string}^${number}` | string;

export interface TextQueryOptions {
  /** The field whose prefixes and phrases count (search-as-you-type); `name` unless given. */
  nameField?: string;
  /** The fields fuzzy matching looks in; all the text fields unless given. */
  fuzzyFields?: WeightedField[];
  /** Whether to add the fuzzy clause; the service adds it only when the exact words find too little (typo-fallback.ts). */
  typos?: boolean;
}

/**
 * Words shorter than this are not fuzzed: a short word is usually a prefix being typed (the prefix clause
 * finds it), and fuzzing it matches other short words and costs the most expansions (bench/search-queries.ts).
 */
export const FUZZY_MIN_LENGTH = 5;

/** The words of user text, roughly as the standard tokenizer splits them. */
export const wordsOf = (q: string): string[] => q.match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * Relevance for user text, built only from match-type queries so the text is never parsed as query
 * syntax. Exact words score highest, a whole-phrase match in the name higher still; name prefixes
 * (search-as-you-type) and, with `typos`, fuzzy matching add candidates with lower weight, so typos are
 * found without drowning exact hits.
 */
export function textQuery(q: string, fields: WeightedField[], options: TextQueryOptions = {}): Record<string, unknown> {
  const nameField = options.nameField ?? 'name';
  const fuzzy = { multi_match: { query: q, fields: options.fuzzyFields ?? fields, type: 'best_fields', fuzziness: `AUTO:${FUZZY_MIN_LENGTH},8`, prefix_length: 1, max_expansions: 20, boost: 1 } };
  return {
    bool: {
      should: [
        { multi_match: { query: q, fields, type: 'best_fields', operator: 'and', boost: 3 } },
        ...(options.typos === false ? [] : [fuzzy]),
        { match: { [`${nameField}.prefix`]: { query: q, operator: 'and', boost: 1.5 } } },
        // A phrase of one word is that word again: the clause would only rescore the same name matches.
        ...(wordsOf(q).length > 1 ? [{ match_phrase: { [nameField]: { query: q, boost: 6 } } }] : []),
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
  options?: TextQueryOptions,
): Record<string, unknown> {
  const q = query.q?.trim();
  return {
    size: query.size ?? 20,
    track_total_hits: true,
    query: { bool: { must: q ? [textQuery(q, fields, options)] : [{ match_all: {} }], filter } },
  };
}
