import { isAbandoned, isRunning, newRebuildRecord } from '../../src/rebuild/rebuild-record';

describe('rebuild record', () => {
  const record = newRebuildRecord({ projection: 'products', targetIndex: 'products-000002', owner: 'host:1', bulkLoadSettings: true });
  const beat = Date.parse(record.heartbeatAt);

  it('starts replaying, holding the lock, with nothing replayed', () => {
    expect(record).toMatchObject({ phase: 'replaying', replayed: 0, target: 0, startedAt: record.heartbeatAt });
    expect(isRunning(record)).toBe(true);
  });

  it('is abandoned only when running and silent for longer than the lock TTL', () => {
    expect(isAbandoned(record, 30_000, beat + 30_000)).toBe(false);
    expect(isAbandoned(record, 30_000, beat + 30_001)).toBe(true);
    expect(isAbandoned({ ...record, phase: 'cutting-over' }, 30_000, beat + 60_000)).toBe(true);
    for (const phase of ['completed', 'aborted', 'failed'] as const) {
      expect(isRunning({ ...record, phase })).toBe(false);
      expect(isAbandoned({ ...record, phase }, 30_000, beat + 60_000)).toBe(false);
    }
    expect(isAbandoned(undefined, 30_000)).toBe(false);
  });
});
