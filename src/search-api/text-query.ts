/** A field and how much a match in it counts. */
export type WeightedField = `${string}^${number}` | string;

/**
 * Relevance for user text, built only from match-type queries so the text is never parsed as query
 * syntax. Exact words score highest, a whole-phrase match in the name higher still; fuzzy matching and
 * name prefixes (search-as-you-type) add candidates with lower weight, so typos are found without
 * drowning exact hits.
 */
export function textQuery(q: string, fields: WeightedField[], nameField = 'name'): Record<string, unknown> {
  return {
    bool: {
      should: [
        { multi_match: { query: q, fields, type: 'best_fields', operator: 'and', boost: 3 } },
        { multi_match: { query: q, fields, type: 'best_fields', fuzziness: 'AUTO', prefix_length: 1, max_expansions: 50, boost: 1 } },
        { match: { [`${nameField}.prefix`]: { query: q, operator: 'and', boost: 1.5 } } },
        { match_phrase: { [nameField]: { query: q, boost: 6 } } },
      ],
      minimum_should_match: 1,
    },
  };
}
