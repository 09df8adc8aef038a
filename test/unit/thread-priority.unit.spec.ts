import { ENGINE_INDEXING_POOLS, poolThreadIds } from '../../bench/lib/thread-priority';

// Lines as jstack prints them for OpenSearch 3 on JDK 25 (decimal nid) and on older JDKs (hex nid).
const DUMP = [
  '"opensearch[Node 1][write][T#1]" #40 [3237] daemon prio=5 os_prio=0 cpu=9589.96ms elapsed=174.95s tid=0x00007f339d1661f0 nid=3237 runnable  [0x00007f33750f8000]',
  '"opensearch[Node 1][search][T#2]" #41 [3241] daemon prio=5 os_prio=0 cpu=5232.06ms elapsed=174.95s tid=0x00007f339d1661f0 nid=3241 waiting on condition  [0x00007f33750f8000]',
  '"opensearch[Node 1][refresh][T#1]" #42 daemon prio=5 os_prio=0 cpu=3744.54ms elapsed=174.95s tid=0x00007f339d1661f0 nid=0xcab waiting on condition  [0x00007f33750f8000]',
  '"opensearch[Node 1][[timer]]" #24 [3056] daemon prio=5 os_prio=0 cpu=35.66ms elapsed=174.95s tid=0x00007f339d1661f0 nid=3056 waiting on condition  [0x00007f33750f8000]',
  '"Lucene Merge Thread #0" #90 [3300] daemon prio=5 os_prio=0 cpu=1.00ms elapsed=1.00s tid=0x00007f339d1661f0 nid=3300 runnable  [0x00007f33750f8000]',
].join('\n');

describe('poolThreadIds (bench: which engine threads to renice)', () => {
  it('finds the threads of the indexing pools only, with decimal or hex thread ids', () => {
    expect(poolThreadIds(DUMP, ENGINE_INDEXING_POOLS)).toEqual([3237, 0xcab]);
  });

  it('finds a named pool and nothing of a pool that is not there', () => {
    expect(poolThreadIds(DUMP, ['search'])).toEqual([3241]);
    expect(poolThreadIds(DUMP, ['get'])).toEqual([]);
  });
});
