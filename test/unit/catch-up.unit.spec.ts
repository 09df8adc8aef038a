import { positionAgainst } from '../../src/projector/catch-up';

describe('catching up with end offsets', () => {
  it('counts stored messages and is caught up only when every partition holds up to its end', () => {
    const ends = new Map([[0, 10], [1, 0], [2, 5]]);
    expect(positionAgainst(ends, new Map([[0, 9], [2, 4]]))).toEqual({ stored: 15, caughtUp: true });
    expect(positionAgainst(ends, new Map([[0, 9], [2, 3]]))).toEqual({ stored: 14, caughtUp: false });
    expect(positionAgainst(ends, new Map())).toEqual({ stored: 0, caughtUp: false });
    expect(positionAgainst(new Map([[0, 0]]), new Map())).toEqual({ stored: 0, caughtUp: true });
  });
});
