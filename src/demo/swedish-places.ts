/** Real Swedish places with their municipality, county and approximate coordinates, for realistic venues. */
export interface Place {
  city: string;
  municipality: string;
  county: string;
  lat: number;
  lon: number;
  postalCode: string;
}

export const PLACES: readonly Place[] = [
  { city: 'Östersund', municipality: 'Östersunds kommun', county: 'Jämtlands län', lat: 63.1792, lon: 14.6357, postalCode: '831 30' },
  { city: 'Åsarna', municipality: 'Bergs kommun', county: 'Jämtlands län', lat: 62.6486, lon: 14.3594, postalCode: '840 31' },
  { city: 'Gärdsnäs', municipality: 'Bergs kommun', county: 'Jämtlands län', lat: 62.8, lon: 14.2, postalCode: '845 91' },
  { city: 'Umeå', municipality: 'Umeå kommun', county: 'Västerbottens län', lat: 63.8258, lon: 20.263, postalCode: '903 26' },
  { city: 'Skellefteå', municipality: 'Skellefteå kommun', county: 'Västerbottens län', lat: 64.7507, lon: 20.9528, postalCode: '931 30' },
  { city: 'Luleå', municipality: 'Luleå kommun', county: 'Norrbottens län', lat: 65.5848, lon: 22.1547, postalCode: '972 31' },
  { city: 'Kiruna', municipality: 'Kiruna kommun', county: 'Norrbottens län', lat: 67.8558, lon: 20.2253, postalCode: '981 31' },
  { city: 'Sundsvall', municipality: 'Sundsvalls kommun', county: 'Västernorrlands län', lat: 62.3908, lon: 17.3069, postalCode: '852 30' },
  { city: 'Härnösand', municipality: 'Härnösands kommun', county: 'Västernorrlands län', lat: 62.6323, lon: 17.9379, postalCode: '871 31' },
  { city: 'Örnsköldsvik', municipality: 'Örnsköldsviks kommun', county: 'Västernorrlands län', lat: 63.2909, lon: 18.7153, postalCode: '891 33' },
  { city: 'Gävle', municipality: 'Gävle kommun', county: 'Gävleborgs län', lat: 60.6749, lon: 17.1413, postalCode: '803 20' },
  { city: 'Hudiksvall', municipality: 'Hudiksvalls kommun', county: 'Gävleborgs län', lat: 61.7274, lon: 17.1056, postalCode: '824 30' },
  { city: 'Falun', municipality: 'Falu kommun', county: 'Dalarnas län', lat: 60.6065, lon: 15.6355, postalCode: '791 71' },
  { city: 'Mora', municipality: 'Mora kommun', county: 'Dalarnas län', lat: 61.0047, lon: 14.5373, postalCode: '792 30' },
  { city: 'Rättvik', municipality: 'Rättviks kommun', county: 'Dalarnas län', lat: 60.8862, lon: 15.1166, postalCode: '795 30' },
  { city: 'Borlänge', municipality: 'Borlänge kommun', county: 'Dalarnas län', lat: 60.4858, lon: 15.4371, postalCode: '784 33' },
  { city: 'Uppsala', municipality: 'Uppsala kommun', county: 'Uppsala län', lat: 59.8586, lon: 17.6389, postalCode: '753 20' },
  { city: 'Stockholm', municipality: 'Stockholms kommun', county: 'Stockholms län', lat: 59.3293, lon: 18.0686, postalCode: '111 20' },
  { city: 'Södertälje', municipality: 'Södertälje kommun', county: 'Stockholms län', lat: 59.1955, lon: 17.6253, postalCode: '151 73' },
  { city: 'Norrtälje', municipality: 'Norrtälje kommun', county: 'Stockholms län', lat: 59.7579, lon: 18.7049, postalCode: '761 30' },
  { city: 'Västerås', municipality: 'Västerås kommun', county: 'Västmanlands län', lat: 59.6099, lon: 16.5448, postalCode: '722 15' },
  { city: 'Örebro', municipality: 'Örebro kommun', county: 'Örebro län', lat: 59.2753, lon: 15.2134, postalCode: '702 10' },
  { city: 'Karlstad', municipality: 'Karlstads kommun', county: 'Värmlands län', lat: 59.3793, lon: 13.5036, postalCode: '652 25' },
  { city: 'Arvika', municipality: 'Arvika kommun', county: 'Värmlands län', lat: 59.6553, lon: 12.5852, postalCode: '671 31' },
  { city: 'Eskilstuna', municipality: 'Eskilstuna kommun', county: 'Södermanlands län', lat: 59.3666, lon: 16.5077, postalCode: '632 20' },
  { city: 'Nyköping', municipality: 'Nyköpings kommun', county: 'Södermanlands län', lat: 58.753, lon: 17.0079, postalCode: '611 30' },
  { city: 'Linköping', municipality: 'Linköpings kommun', county: 'Östergötlands län', lat: 58.4108, lon: 15.6214, postalCode: '582 22' },
  { city: 'Norrköping', municipality: 'Norrköpings kommun', county: 'Östergötlands län', lat: 58.5877, lon: 16.1924, postalCode: '602 24' },
  { city: 'Jönköping', municipality: 'Jönköpings kommun', county: 'Jönköpings län', lat: 57.7826, lon: 14.1618, postalCode: '553 20' },
  { city: 'Växjö', municipality: 'Växjö kommun', county: 'Kronobergs län', lat: 56.8777, lon: 14.8091, postalCode: '352 30' },
  { city: 'Kalmar', municipality: 'Kalmar kommun', county: 'Kalmar län', lat: 56.6634, lon: 16.3568, postalCode: '392 31' },
  { city: 'Visby', municipality: 'Region Gotland', county: 'Gotlands län', lat: 57.6348, lon: 18.2948, postalCode: '621 55' },
  { city: 'Karlskrona', municipality: 'Karlskrona kommun', county: 'Blekinge län', lat: 56.1612, lon: 15.5869, postalCode: '371 30' },
  { city: 'Ronneby', municipality: 'Ronneby kommun', county: 'Blekinge län', lat: 56.2094, lon: 15.276, postalCode: '372 30' },
  { city: 'Malmö', municipality: 'Malmö kommun', county: 'Skåne län', lat: 55.605, lon: 13.0038, postalCode: '211 20' },
  { city: 'Helsingborg', municipality: 'Helsingborgs kommun', county: 'Skåne län', lat: 56.0465, lon: 12.6945, postalCode: '252 21' },
  { city: 'Ystad', municipality: 'Ystads kommun', county: 'Skåne län', lat: 55.4295, lon: 13.82, postalCode: '271 39' },
  { city: 'Halmstad', municipality: 'Halmstads kommun', county: 'Hallands län', lat: 56.6745, lon: 12.8578, postalCode: '302 42' },
  { city: 'Göteborg', municipality: 'Göteborgs kommun', county: 'Västra Götalands län', lat: 57.7089, lon: 11.9746, postalCode: '411 05' },
  { city: 'Borås', municipality: 'Borås kommun', county: 'Västra Götalands län', lat: 57.721, lon: 12.9401, postalCode: '503 30' },
  { city: 'Skövde', municipality: 'Skövde kommun', county: 'Västra Götalands län', lat: 58.3912, lon: 13.8451, postalCode: '541 30' },
  { city: 'Trollhättan', municipality: 'Trollhättans kommun', county: 'Västra Götalands län', lat: 58.2837, lon: 12.2886, postalCode: '461 30' },
];

export const VENUE_KINDS = [
  'Folkets Park',
  'Bygdegården',
  'Dansbanan i',
  'Logen',
  'Dansladan',
  'Festplatsen',
  'Parken',
  'Ordenshuset',
  'Sommarhagen',
  'Brygghuset',
] as const;

export const STREETS = ['Storgatan', 'Kyrkvägen', 'Sjövägen', 'Parkvägen', 'Ängsvägen', 'Bäckvägen', 'Skolgatan', 'Älvvägen', 'Granvägen', 'Björkallén'] as const;
