import Ajv from 'ajv';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { sourceTopics, topicOf } from '../../src/config/topic-settings';
import { DomainEvent } from '../../src/events/envelope';
import { decodeMessage } from '../../src/events/decode-message';
import { loadIndexDefinition } from '../../src/indices/index-definitions';
import { PROJECTIONS } from '../../src/projections';
import { defineProjection, ReadModelDocument, touched } from '../../src/projections/projection';
import { STORAGE_PROPERTIES } from '../../src/indices/index-names';
import { envelope } from '../support/events';
import { given } from '../support/given';

// A throw-away projection on a topic of its own, declared here and nowhere else: the whole of what adding
// one takes (its events, its projection, its mapping, a registry entry) must be enough to run it.
interface Band extends ReadModelDocument {
  bandId: string;
  name: string;
}
type BandEvent = DomainEvent<'BandFormed', { name: string }> | DomainEvent<'BandRenamed', { name: string }>;
const dataCheck = new Ajv().compile({ type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } });

const Bands = defineProjection<Band, BandEvent>({
  name: 'scratch-bands',
  version: 1,
  topic: { setting: 'SCRATCH_BAND_TOPIC', defaultName: 'scratch-band-events' },
  idField: 'bandId',
  events: { BandFormed: dataCheck, BandRenamed: dataCheck },
  evolve(state, event) {
    switch (event.type) {
      case 'BandFormed':
        return { bandId: event.aggregateId, name: event.data.name, createdAt: event.occurredAt, updatedAt: event.occurredAt, version: event.aggregateVersion };
      case 'BandRenamed':
        return state && touched({ ...state, name: event.data.name }, event);
    }
  },
});

const mappings = mkdtempSync(join(tmpdir(), 'scratch-mappings-'));
for (const p of PROJECTIONS) writeFileSync(join(mappings, p.mappingFile), '{"settings":{},"mappings":{"properties":{}}}');
writeFileSync(join(mappings, 'scratch-bands.json'), JSON.stringify({ settings: { index: { number_of_shards: 1 } }, mappings: { dynamic: 'strict', properties: { bandId: { type: 'keyword' }, name: { type: 'text' } } } }));
const registry = [...PROJECTIONS, Bands];

describe('adding a projection (a throw-away one, registered only in this test)', () => {
  it('gets its topic setting with a default, validated like every setting', () => {
    const config = loadConfig({ INDEX_MAPPINGS_DIR: mappings }, registry);
    expect(topicOf(config, Bands)).toBe('scratch-band-events');
    expect(sourceTopics(config)).toContain('scratch-band-events');
    expect(topicOf(loadConfig({ INDEX_MAPPINGS_DIR: mappings, SCRATCH_BAND_TOPIC: 'bands-v2' }, registry), Bands)).toBe('bands-v2');
    expect(() => loadConfig({ INDEX_MAPPINGS_DIR: mappings, SCRATCH_BAND_TOPIC: 'two words' }, registry)).toThrow(/SCRATCH_BAND_TOPIC must be a Kafka topic name/);
  });

  it('gets an index definition with the storage fields merged in and its version in _meta', () => {
    const { definition, meta } = loadIndexDefinition(Bands, mappings);
    expect(definition.mappings.properties).toEqual({ ...STORAGE_PROPERTIES, bandId: { type: 'keyword' }, name: { type: 'text' } });
    expect(meta).toMatchObject({ projection: 'scratch-bands', projectionVersion: 1 });
  });

  it('decodes its messages with its own checks and folds them', () => {
    const id = randomUUID();
    const formed = envelope('BandFormed', id, 1, { name: 'Streaplers' });
    const decoded = decodeMessage(id, JSON.stringify(formed), Bands.events);
    expect(decoded.kind).toBe('event');
    expect(decodeMessage(id, JSON.stringify({ ...formed, data: { name: '' } }), Bands.events)).toMatchObject({ kind: 'invalid', reason: 'invalid-data' });
    const renamed = envelope('BandRenamed', id, 2, { name: 'Streaplers 2' });
    given(Bands, formed).when(renamed).then(id, { bandId: id, name: 'Streaplers 2', createdAt: formed.occurredAt, updatedAt: renamed.occurredAt, version: 2 });
    given(Bands, formed, renamed).when(formed, renamed).then(id, expect.objectContaining({ version: 2 }), 2);
  });

  it('is refused at start without its mapping file, or with a name or topic setting that clashes', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-mappings-'));
    expect(() => loadConfig({ INDEX_MAPPINGS_DIR: empty }, [Bands])).toThrow(/scratch-bands' has no mapping file/);
    const twin = { ...Bands, topic: { setting: 'SCRATCH_BAND_TOPIC', defaultName: 'other' } };
    expect(() => loadConfig({ INDEX_MAPPINGS_DIR: mappings }, [...registry, twin])).toThrow(ConfigError);
    expect(() => loadConfig({ INDEX_MAPPINGS_DIR: mappings }, [...registry, twin])).toThrow(/two projections are named 'scratch-bands'/);
    expect(() => loadConfig({ INDEX_MAPPINGS_DIR: mappings }, [...registry, twin])).toThrow(/SCRATCH_BAND_TOPIC has two defaults/);
    const overlapping = { ...Bands, name: 'scratch-bands-archive', topic: { setting: 'ARCHIVE_TOPIC', defaultName: 'archive' } };
    expect(() => loadConfig({ INDEX_MAPPINGS_DIR: mappings }, [Bands, overlapping])).toThrow(/would share the index pattern 'scratch-bands-\*'/);
  });
});
