/** What users type: whole words, Swedish compounds, typos, prefixes being typed, several words. */
export const USER_QUERIES = [
  'dansskor', 'dansskr', 'dansskor herr', 'foxtrot pumps', 'foxtrott', 'balklanning siden', 'bugg', 'vals', 'tango',
  'danskjol', 'schottis klassiker', 'polka', 'lindy hop', 'nyborjare', 'golvvax', 'halkskydd', 'biljett', 'midsommar',
  'dans', 'da', 'fox', 'salsa dam', 'läder', 'ekologisk', 'rea', 'swing', 'klänning', 'skjorta linne', 'knaskydd', 'solfjader',
];
