import { randomUUID } from 'node:crypto';
import { BandProjection } from '../../src/projections/band.projection';
import { UserPreferencesProjection } from '../../src/projections/user-preferences.projection';
import { envelope } from '../support/events';
import { given } from '../support/given';

const user = randomUUID();
const band = randomUUID();
/** The user's events in order, versions 1, 2, 3…, as a producer numbers them. */
const history = (...steps: [string, Record<string, unknown>][]) => steps.map(([type, data], i) => envelope(type, user, i + 1, data));
const stateAfter = (...steps: [string, Record<string, unknown>][]) => given(UserPreferencesProjection, ...history(...steps)).states().get(user);

describe('user-preferences', () => {
  it('starts from any first event: no creation event exists', () => {
    expect(stateAfter(['CityIgnored', { city: 'Östersund' }])).toMatchObject({ userId: user, ignoredCities: ['Östersund'], origins: [], version: 1 });
  });

  it('adding twice keeps one entry, removing what is absent changes no set; the version still advances', () => {
    const doc = stateAfter(['BandIgnored', { bandId: band }], ['BandIgnored', { bandId: band }], ['DanceHallUnignored', { danceHallId: randomUUID() }]);
    expect(doc).toMatchObject({ ignoredBandIds: [band], ignoredDanceHallIds: [], version: 3 });
  });

  it('compares cities, municipalities and states without case or diacritics, keeping the first spelling', () => {
    const doc = stateAfter(
      ['CityIgnored', { city: 'Östersund' }],
      ['CityIgnored', { city: 'OSTERSUND' }],
      ['MunicipalityIgnored', { municipality: 'Bergs kommun' }],
      ['MunicipalityUnignored', { municipality: 'BERGS KOMMUN' }],
      ['StateIgnored', { state: 'Jämtlands län' }],
      ['StateIgnored', { state: 'jamtlands lan' }],
    );
    expect(doc).toMatchObject({ ignoredCities: ['Östersund'], ignoredMunicipalities: [], ignoredStates: ['Jämtlands län'] });
  });

  it('keeps origins by name: a second origin of the same name changes nothing, removal by name', () => {
    const doc = stateAfter(
      ['OriginAdded', { name: 'Hemma', latitude: 63.18, longitude: 14.64 }],
      ['OriginAdded', { name: 'hemma', latitude: 1, longitude: 1 }],
      ['OriginAdded', { name: 'Stugan', latitude: 62.8, longitude: 14.2 }],
      ['OriginRemoved', { name: 'Stugan' }],
      ['OriginRemoved', { name: 'Jobbet' }],
    );
    expect(doc).toMatchObject({ origins: [{ name: 'Hemma', location: { lat: 63.18, lon: 14.64 } }], version: 5 });
  });

  it('un-ignoring brings the entry back out, and ignoring again puts it back in', () => {
    const doc = stateAfter(['BandIgnored', { bandId: band }], ['BandUnignored', { bandId: band }], ['BandIgnored', { bandId: band.toUpperCase() }]);
    expect(doc).toMatchObject({ ignoredBandIds: [band.toUpperCase()] });
  });
});

describe('bands', () => {
  const created = envelope('BandCreated', band, 1, { name: 'Vikingarna', genre: 'dansband' });

  it('replaces only the fields an update carries', () => {
    given(BandProjection, created)
      .when(envelope('BandUpdated', band, 2, { homeTown: 'Kalix' }))
      .then(band, { bandId: band, name: 'Vikingarna', genre: 'dansband', homeTown: 'Kalix', createdAt: created.occurredAt, updatedAt: expect.any(String), version: 2 });
  });

  it('never turns an update of an unknown band into a band', () => {
    given(BandProjection).when(envelope('BandUpdated', band, 1, { name: 'Ghost' })).then(band, null);
  });
});
