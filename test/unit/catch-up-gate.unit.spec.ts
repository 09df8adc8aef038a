import { CatchUpGate, PausableConsumer } from '../../src/projector/catch-up-gate';
import { CatchUpSlots } from '../../src/projector/catch-up-slots';

/** A member's consumer that records what the gate asks of it (pure bookkeeping: no broker involved). */
function member(name: string, calls: string[]): PausableConsumer {
  return {
    pause: (tps) => void calls.push(`${name} pause ${tps.map((t) => t.partitions).join()}`),
    resume: (tps) => void calls.push(`${name} resume ${tps.map((t) => t.partitions).join()}`),
    seek: ({ partition, offset }) => void calls.push(`${name} seek ${partition} to ${offset}`),
  };
}

/** A gate of one slot shared by two members, `a` and `b`, whose calls land in one list. */
function twoMembers(maxHoldMs = 60_000) {
  const calls: string[] = [];
  return { calls, a: member('a', calls), b: member('b', calls), gate: new CatchUpGate(new CatchUpSlots(1, maxHoldMs), 'products') };
}

describe('catch-up gate: one projection\'s slots shared by the members of its group in this process', () => {
  it('resumes a waiting partition through the member that paused it, when another member frees the slot', () => {
    const { calls, a, b, gate } = twoMembers();
    expect(gate.enter(a, 0, true, 0)).toBe(true);
    // Member b's partition waits for a's: paused and sought back to the offset it must fold next.
    expect(gate.enter(b, 3, true, 40)).toBe(false);
    expect(calls).toEqual(['b pause 3', 'b seek 3 to 40']);
    // Partition 0 is caught up (stores at once): its slot goes to partition 3, resumed by b, not by a.
    expect(gate.enter(a, 0, false, 900)).toBe(true);
    expect(calls.slice(2)).toEqual(['b resume 3']);
    expect(gate.enter(b, 3, true, 40)).toBe(true);
  });

  it('hands the slot of a partition that caught up to another member\'s partition, even one that came later', () => {
    const { calls, a, b, gate } = twoMembers();
    gate.enter(a, 0, true, 0);
    gate.enter(a, 1, true, 0);
    gate.enter(b, 4, true, 0);
    calls.length = 0;
    // Member a now flushes partition 0 and fetches nothing until it is stored: b's partition folds meanwhile.
    gate.enter(a, 0, false, 500);
    expect(calls).toEqual(['b resume 4']);
    // When b's catches up, the slot comes back to a's partition.
    gate.enter(b, 4, false, 800);
    expect(calls.slice(1)).toEqual(['a resume 1']);
  });

  it('on a new assignment resumes every waiting partition through the member that paused it', () => {
    const { calls, a, b, gate } = twoMembers();
    gate.enter(a, 0, true, 0);
    gate.enter(a, 1, true, 7);
    gate.enter(b, 4, true, 9);
    calls.length = 0;
    gate.reset();
    expect(calls.sort()).toEqual(['a resume 1', 'b resume 4']);
    // Every slot is free again: any partition is admitted.
    expect(gate.enter(b, 5, true, 0)).toBe(true);
  });

  it('a holder that yields after a flush is paused through its own member and its slot resumes the other\'s', () => {
    const { calls, a, b, gate } = twoMembers(0);
    gate.enter(a, 0, true, 0);
    gate.enter(b, 2, true, 5);
    calls.length = 0;
    expect(gate.yieldAfterFlush(a, 0, 300)).toBe(true);
    expect(calls).toEqual(['b resume 2', 'a pause 0', 'a seek 0 to 300']);
  });
});
