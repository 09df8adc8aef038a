// kafkajs's own encoder and decoder of a record batch (format v2), as a fetch response carries them.
/* eslint-disable @typescript-eslint/no-require-imports */
const Long = require('kafkajs/src/utils/long') as { fromValue(v: unknown): unknown; fromString(v: string): unknown };
const Encoder = require('kafkajs/src/protocol/encoder') as new () => { writeVarLong(v: unknown): { buffer: Buffer } };
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => { readVarLong(): { toString(): string } };
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch(batch: Record<string, unknown>): Promise<{ buffer: Buffer }> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: Record<string, unknown>) => unknown;
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: unknown) => Promise<{ records: { offset: string; timestamp: string }[] }>;

async function encode(firstOffset: string, firstTimestamp: string, deltas: { offset: number; timestamp: number }[]): Promise<Buffer> {
  const records = deltas.map((d) => Record({ offsetDelta: d.offset, timestampDelta: d.timestamp, key: Buffer.from('k'), value: Buffer.from('v') }));
  const first = { firstOffset: Long.fromString(firstOffset), firstTimestamp: Long.fromString(firstTimestamp), maxTimestamp: Long.fromString(firstTimestamp) };
  return (await RecordBatch({ ...first, lastOffsetDelta: deltas.length - 1, records })).buffer;
}

const decode = async (encoded: Buffer) => (await decodeRecordBatch(new Decoder(encoded))).records.map((r) => ({ offset: r.offset, timestamp: r.timestamp }));
const roundTrip = async (...batch: Parameters<typeof encode>) => decode(await encode(...batch));

describe('kafkajs 2.2.4 record decoding, patched to add offsets and timestamps without BigInt (patches/)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('decodes offsets and timestamps exactly as before, below 2^53 and above it', async () => {
    const deltas = [0, 1, 2, 300].map((offset, i) => ({ offset, timestamp: [0, 5, -3, 200_000][i] }));
    expect(await roundTrip('1000000', '1796593849491', deltas)).toEqual([
      { offset: '1000000', timestamp: '1796593849491' },
      { offset: '1000001', timestamp: '1796593849496' },
      { offset: '1000002', timestamp: '1796593849488' },
      { offset: '1000300', timestamp: '1796594049491' },
    ]);
    // Past 2^53 a double is no longer exact: those take kafkajs's own Long arithmetic.
    expect(await roundTrip('9007199254740993', '-1', [{ offset: 0, timestamp: 0 }, { offset: 7, timestamp: 1 }])).toEqual([
      { offset: '9007199254740993', timestamp: '-1' },
      { offset: '9007199254741000', timestamp: '0' },
    ]);
  });

  it('makes no Long per record for an ordinary batch (unpatched, each record made several)', async () => {
    const encoded = await encode('42', '1796593849491', [{ offset: 0, timestamp: 0 }, { offset: 1, timestamp: 9 }]);
    const fromValue = jest.spyOn(Long, 'fromValue');
    expect(await decode(encoded)).toEqual([{ offset: '42', timestamp: '1796593849491' }, { offset: '43', timestamp: '1796593849500' }]);
    expect(fromValue).not.toHaveBeenCalled();
  });

  it('reads a varlong of any size as kafkajs writes it', () => {
    const values = ['0', '1', '-1', '63', '-64', '64', '8191', '-8192', '2147483648', '-1099511627776', '281474976710655', '-281474976710656', '562949953421312', '9007199254740993', '-9223372036854775808', '9223372036854775807'];
    for (const value of values) {
      const decoder = new Decoder(new Encoder().writeVarLong(Long.fromString(value)).buffer);
      expect(decoder.readVarLong().toString()).toBe(value);
    }
  });
});
