import { BulkQueue } from '../../src/search-engine/bulk-queue';
import { BulkItemResult, BulkOperation } from '../../src/search-engine/search-engine.port';

const ops = (prefix: string, n: number): BulkOperation[] => Array.from({ length: n }, (_, i) => ({ index: 'i', id: `${prefix}${i}`, document: {} }));

/** An engine whose bulk requests stay open until the test answers them: each item echoes its operation's id. */
function heldEngine() {
  const requests: { operations: BulkOperation[]; answer: () => void; fail: (err: Error) => void }[] = [];
  const bulk = (operations: BulkOperation[]) =>
    new Promise<BulkItemResult[]>((resolve, reject) =>
      requests.push({
        operations,
        answer: () => resolve(operations.map((o) => ({ id: o.id, index: o.index, status: 201, outcome: 'written' }))),
        fail: reject,
      }),
    );
  return { requests, bulk };
}

const ids = (items: BulkItemResult[]) => items.map((i) => i.id);
const settle = () => new Promise((r) => setImmediate(r));

/** Bulks `b` (of `bSize`) and `c` sent while `a` was in flight; `a` then answered, so they went as the next request. */
async function twoWaitedBehindOne(bSize: number) {
  const engine = heldEngine();
  const queue = new BulkQueue(engine);
  const first = queue.send(ops('a', 1));
  const second = queue.send(ops('b', bSize));
  const third = queue.send(ops('c', 1));
  expect(engine.requests).toHaveLength(1);
  engine.requests[0].answer();
  await first;
  await settle();
  return { engine, queue, second, third };
}

describe('BulkQueue (group commit of small bulk requests)', () => {
  it('sends a bulk at once when nothing is in flight', async () => {
    const engine = heldEngine();
    const sent = new BulkQueue(engine).send(ops('a', 2));
    expect(engine.requests.map((r) => r.operations.map((o) => o.id))).toEqual([['a0', 'a1']]);
    engine.requests[0].answer();
    expect(ids(await sent)).toEqual(['a0', 'a1']);
  });

  it('sends the bulks that came while one was in flight as one request, each caller getting its own items', async () => {
    const { engine, second, third } = await twoWaitedBehindOne(2);
    expect(engine.requests.map((r) => r.operations.map((o) => o.id))).toEqual([['a0'], ['b0', 'b1', 'c0']]);
    engine.requests[1].answer();
    expect([ids(await second), ids(await third)]).toEqual([['b0', 'b1'], ['c0']]);
  });

  it('fails each caller of a failed request, and sends what waits after it', async () => {
    const { engine, queue, second, third } = await twoWaitedBehindOne(1);
    engine.requests[1].fail(new Error('engine unreachable'));
    await expect(second).rejects.toThrow('engine unreachable');
    await expect(third).rejects.toThrow('engine unreachable');
    const fourth = queue.send(ops('d', 1));
    await settle();
    engine.requests[2].answer();
    expect(ids(await fourth)).toEqual(['d0']);
  });

  it('merges up to its request size and lets a larger bulk go straight through', async () => {
    const engine = heldEngine();
    const queue = new BulkQueue(engine, 3);
    const waiting = [queue.send(ops('a', 1)), queue.send(ops('b', 2)), queue.send(ops('c', 2)), queue.send(ops('d', 1))];
    const large = queue.send(ops('e', 4));
    expect(engine.requests.map((r) => r.operations.length)).toEqual([1, 4]);
    engine.requests[1].answer();
    expect(ids(await large)).toEqual(['e0', 'e1', 'e2', 'e3']);
    // Each answer lets the next group go: a alone came first, then b (c would pass 3), then c with d.
    for (const request of [0, 2, 3]) {
      engine.requests[request].answer();
      await settle();
    }
    expect(engine.requests.map((r) => r.operations.map((o) => o.id))).toEqual([['a0'], ['e0', 'e1', 'e2', 'e3'], ['b0', 'b1'], ['c0', 'c1', 'd0']]);
    expect((await Promise.all(waiting)).map(ids)).toEqual([['a0'], ['b0', 'b1'], ['c0', 'c1'], ['d0']]);
  });
});
