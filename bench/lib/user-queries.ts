/** What users type: whole words, Swedish compounds, typos, prefixes being typed, several words. */
export const USER_QUERIES = [
  'dansskor', 'dansskr', 'dansskor herr', 'foxtrot pumps', 'foxtrott', 'balklanning siden', 'bugg', 'vals', 'tango',
  'danskjol', 'schottis klassiker', 'polka', 'lindy hop', 'nyborjare', 'golvvax', 'halkskydd', 'biljett', 'midsommar',
  'dans', 'da', 'fox', 'salsa dam', 'läder', 'ekologisk', 'rea', 'swing', 'klänning', 'skjorta linne', 'knaskydd', 'solfjader',
];

/** The n-th search a benchmark sends through the service: the user queries in turn, a page of 20. */
export const userSearchPath = (n: number): string => `/search/products?q=${encodeURIComponent(USER_QUERIES[n % USER_QUERIES.length])}&size=20`;
