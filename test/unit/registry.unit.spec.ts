import { PROJECTIONS } from '../../src/projections';
import { generateEventStream } from '../../src/demo/event-stream-generator';
import { given } from '../support/given';

describe('every registered projection', () => {
  // The demo generator is the one source of realistic histories: each projection in the registry needs some.
  const stream = generateEventStream({ seed: 11, products: 60, danceHalls: 60, bands: 60, users: 60, dances: 120, deleteRate: 0.2, recreateRate: 0.5 });

  it.each(PROJECTIONS.map((p) => [p.name, p] as const))('%s: the same events twice change nothing', (_name, projection) => {
    const events = stream.events.filter((e) => e.projection === projection.name).map((e) => e.envelope);
    expect(events.length).toBeGreaterThan(0); // else: teach the demo generator this projection's events
    const once = given(projection, ...events);
    const before = once.states();
    const replay = once.when(...events);
    expect(replay.folded.duplicates).toHaveLength(events.length);
    expect(replay.folded.writes).toEqual([]);
    expect(once.states()).toEqual(before);
  });

  it.each(PROJECTIONS.map((p) => [p.name, p] as const))('%s: folds to what the generator says each aggregate ends as', (_name, projection) => {
    const events = stream.events.filter((e) => e.projection === projection.name).map((e) => e.envelope);
    const states = given(projection, ...events).states();
    const expected = stream.expected[projection.name as keyof typeof stream.expected];
    // A join's embedded references are not the fold's: other writers add them (see the join specs).
    const own = (doc: Record<string, unknown> | null) => doc && Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'refs'));
    for (const [id, doc] of expected) expect({ id, doc: states.get(id) ?? null }).toEqual({ id, doc: doc && expect.objectContaining(own(doc)) });
  });
});
