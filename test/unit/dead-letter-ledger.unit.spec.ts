import { DeadLetterLedger } from '../../src/projector/dead-letter-ledger';
import { DeadLetterEntry, oncePerOrigin } from '../../src/projector/dead-letter-reader';

describe('dead-letter ledger', () => {
  it('knows what it published until a checkpoint passes it, and raises its floor from the acknowledgements', () => {
    const ledger = new DeadLetterLedger(new Set([12]), new Map([[0, 5], [1, 9]]));
    ledger.record(['20', 31], [{ topicName: 't.dlq', partition: 1, errorCode: 0, baseOffset: '14' }, { topicName: 't.dlq', partition: 2, errorCode: 0, baseOffset: '3' }]);
    expect([12, 20, 31, 40].map((o) => ledger.has(o))).toEqual([true, true, true, false]);
    expect(ledger.floorAsRecord()).toEqual({ 0: 5, 1: 14, 2: 3 });
    ledger.passed(20);
    expect([12, 20, 31].map((o) => ledger.has(o))).toEqual([false, false, true]);
    // A floor never goes down: an acknowledgement below it says nothing new.
    ledger.record([], [{ topicName: 't.dlq', partition: 1, errorCode: 0, baseOffset: '2' }]);
    expect(ledger.floor.get(1)).toBe(14);
  });
});

describe('dead letters once per origin', () => {
  const entry = (offset: string, originOffset: string): DeadLetterEntry => ({
    partition: 0, offset, key: null, value: null, originTopic: 't', originPartition: '1', originOffset, errorCode: 'invalid-json', errorMessage: '', headers: {},
  });

  it('keeps the first letter of each origin and counts the copies', () => {
    const { unique, copies } = oncePerOrigin([entry('0', '7'), entry('1', '8'), entry('2', '7'), entry('3', '7')]);
    expect(unique.map((e) => e.offset)).toEqual(['0', '1']);
    expect(copies).toBe(2);
  });
});
