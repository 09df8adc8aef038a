/**
 * The relevance suite's fixed queries and what counts as a right answer: a hit whose name matches the
 * pattern. Typos, missing diacritics, prefixes (search-as-you-type), several words and Swedish compounds.
 */
export type Judgment = readonly [query: string, relevant: RegExp];

/** Products named so that each query has one intended answer among the demo catalogue's noise. */
export const NAMED_PRODUCTS: readonly { name: string; category: string }[] = [
  { name: 'Dansskor Herr Classic', category: 'shoes' },
  { name: 'Dansskor Dam Salsa', category: 'shoes' },
  { name: 'Bugg-sko Läder', category: 'shoes' },
  { name: 'Foxtrot Pumps Satin', category: 'shoes' },
  { name: 'Tangosko Satin', category: 'shoes' },
  { name: 'Danskjol Volang', category: 'clothing' },
  { name: 'Balklänning Siden', category: 'clothing' },
  { name: 'Västsvensk Dansväst', category: 'clothing' },
  { name: 'Gammaldansbyxa Ull', category: 'clothing' },
  { name: 'Dansband Samling CD', category: 'music' },
  { name: 'Schottis Klassiker Vinyl', category: 'music' },
  { name: 'Polka och Hambo', category: 'music' },
  { name: 'Buggkurs för nybörjare', category: 'lessons' },
  { name: 'Lindy Hop Intensiv', category: 'lessons' },
  { name: 'Dansgolvsvax Ek', category: 'floor-care' },
  { name: 'Halkskydd Spray', category: 'floor-care' },
  { name: 'Dansbandsgala Biljett', category: 'tickets' },
  { name: 'Midsommardans Pass', category: 'tickets' },
  { name: 'Solfjäder Spets', category: 'accessories' },
  { name: 'Hälskydd Gummi', category: 'accessories' },
];

export const PRODUCT_JUDGMENTS: readonly Judgment[] = [
  ['dansskor herr', /^Dansskor Herr/],
  ['danskor herr', /^Dansskor Herr/],
  ['dansskor dam salsa', /^Dansskor Dam Salsa/],
  ['bugg sko', /^Bugg-sko/],
  ['foxtrot pumps', /^Foxtrot Pumps/],
  ['foxtrott pumps', /^Foxtrot Pumps/],
  ['tangosko', /^Tangosko/],
  ['tango', /^Tango/],
  ['danskjol', /^Danskjol/],
  ['balklanning', /^Balklänning/],
  ['balklänning sidn', /^Balklänning Siden/],
  ['dansvast', /Dansväst/],
  ['gammaldans', /^Gammaldans/],
  ['dansband', /^Dansband /],
  ['dansbandsgala', /^Dansbandsgala/],
  ['schottis', /^Schottis/],
  ['polka hambo', /^Polka och Hambo/],
  ['buggkurs', /^Buggkurs/],
  ['nyborjare bugg', /^Buggkurs/],
  ['lindy', /^Lindy/],
  ['dansgolvsvax', /^Dansgolvsvax/],
  ['halkskydd', /^Halkskydd/],
  ['halskydd', /^Hälskydd/],
  ['midsommar', /^Midsommardans/],
  ['solfjader', /^Solfjäder/],
  ['dansk', /^Danskjol/],
  ['foxt', /^Foxtrot/],
  ['schot', /^Schottis/],
];

export const HALL_JUDGMENTS: readonly Judgment[] = [
  ['ostersund', /Östersund/],
  ['östersunds folkets park', /^Östersunds Folkets Park/],
  ['gardsnas', /Gärdsnäs/],
  ['asarna', /Åsarna/],
  ['bygdegarden asarna', /^Bygdegården Åsarna/],
  ['Östersnds', /^Östersunds/],
  ['gärdsnäss', /Gärdsnäs/],
  ['ronneby brunnsprken', /^Brunnsparken Ronneby/],
  ['sormland', /^Sörmlandsgården/],
  ['frosö dansbana', /^Frösö Dansbana/],
  ['stromsund', /^Strömsunds/],
  ['vemdal', /Vemdalen/],
];

export const BAND_JUDGMENTS: readonly Judgment[] = [
  ['vikingarna', /^Vikingarna/],
  ['vikingarn', /^Vikingarna/],
  ['wahlstroms', /^Wahlströms/],
  ['hoglunds', /^Höglunds/],
  ['larz kristerz', /^Larz-Kristerz/],
  ['streplers', /^Streaplers/],
];

/** Mean reciprocal rank of the first right answer in the top 10 (0 for a query with none there). */
export function meanReciprocalRank(ranks: readonly (number | undefined)[]): number {
  return ranks.reduce<number>((sum, r) => sum + (r === undefined ? 0 : 1 / r), 0) / ranks.length;
}
