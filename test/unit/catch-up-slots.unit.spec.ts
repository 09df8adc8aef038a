import { CatchUpSlots } from '../../src/projector/catch-up-slots';

describe('catch-up slots: how many partitions of a projection fold write-behind at once', () => {
  it('admits up to the limit and turns the rest away, each queued once, in the order they came', () => {
    const slots = new CatchUpSlots(2, 60_000);
    expect([0, 1, 2, 3, 2].map((p) => slots.admit(p, 0))).toEqual([true, true, false, false, false]);
    // A holder's later batches are admitted again.
    expect(slots.admit(1, 5)).toBe(true);
    // The first that waited gets the freed slot, and is returned to be resumed; its next batch is admitted.
    expect(slots.release(0, 10)).toEqual([2]);
    expect(slots.admit(2, 11)).toBe(true);
    expect(slots.admit(3, 11)).toBe(false);
    expect(slots.release(1, 12)).toEqual([3]);
    expect(slots.release(2, 13)).toEqual([]);
    // A partition that holds no slot (it stored at once all along) frees nothing.
    expect(slots.release(5, 14)).toEqual([]);
    expect(slots.admit(4, 15)).toBe(true);
  });

  it('without a limit admits every partition', () => {
    const slots = new CatchUpSlots(0, 60_000);
    expect([0, 1, 2, 3, 4, 5].every((p) => slots.admit(p, 0))).toBe(true);
    expect(slots.release(0, 1)).toEqual([]);
  });

  it('has a holder give way only after it held its slot for maxHoldMs, and only while another waits', () => {
    const slots = new CatchUpSlots(1, 1000);
    slots.admit(0, 0);
    expect(slots.shouldYield(0, 5000)).toBe(false);
    slots.admit(1, 100);
    expect(slots.shouldYield(0, 999)).toBe(false);
    expect(slots.shouldYield(0, 1000)).toBe(true);
    expect(slots.giveWay(0, 1000)).toEqual([1]);
    // The one that gave way now waits behind the others, and its batches are turned away.
    expect(slots.admit(0, 1001)).toBe(false);
    expect(slots.shouldYield(1, 1500)).toBe(false);
    expect(slots.release(1, 1600)).toEqual([0]);
  });

  it('frees every slot on a new assignment and returns the waiting partitions to be resumed', () => {
    const slots = new CatchUpSlots(1, 60_000);
    slots.admit(0, 0);
    slots.admit(1, 0);
    slots.admit(2, 0);
    expect(slots.reset()).toEqual([1, 2]);
    expect(slots.admit(2, 1)).toBe(true);
    expect(slots.admit(1, 1)).toBe(false);
  });

  it('hands a freed slot to the first waiting partition the releaser prefers, else to the first waiting', () => {
    const slots = new CatchUpSlots(1, 60_000);
    [0, 1, 2, 3].forEach((p) => slots.admit(p, 0));
    // Partitions 1 and 2 are the releaser's own member's; 3 is another member's.
    expect(slots.release(0, 1, (p) => p === 3)).toEqual([3]);
    expect(slots.release(3, 2, (p) => p === 5)).toEqual([1]);
    expect(slots.admit(2, 3)).toBe(false);
  });
});
