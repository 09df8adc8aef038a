import 'reflect-metadata';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { generateEventStream } from '../src/demo/event-stream-generator';
import { publishEvents } from '../src/demo/publish-events';
async function main() {
  const run = 'mem' + Date.now().toString(36);
  const kafka = new Kafka({ clientId: 'x', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
  const admin = kafka.admin(); await admin.connect();
  const topics = [`${run}-p`, `${run}-d`, `${run}-p.dlq`, `${run}-d.dlq`];
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: 6 })) });
  const s = generateEventStream({ seed: 1, products: Number(process.env.N ?? 33334), danceHalls: 0, maxChangesPerAggregate: 12 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await publishEvents(producer, { product: topics[0], danceHall: topics[1] }, s.events);
  await producer.disconnect();
  const child = spawn(process.execPath, [...(process.env.NODEFLAGS ?? '').split(' ').filter(Boolean), 'dist/main.js'], { cwd: '/work/main', env: { ...process.env, PORT: '3997', INDEX_PREFIX: `${run}-`, KAFKA_GROUP_ID: run, PRODUCT_TOPIC: topics[0], DANCE_HALL_TOPIC: topics[1], LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const t0 = Date.now();
  for (let i = 0; i < 16; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const st = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)/.exec(st)![1];
    const m = await fetch('http://127.0.0.1:3997/metrics').then((r) => r.text()).catch(() => '');
    const used = /nodejs_heap_size_used_bytes (\d+)/.exec(m)?.[1];
    const total = /nodejs_heap_size_total_bytes (\d+)/.exec(m)?.[1];
    const ext = /nodejs_external_memory_bytes (\d+)/.exec(m)?.[1];
    const applied = [...m.matchAll(/indexer_events_total\{[^}]*outcome="applied"\} (\d+)/g)].reduce((a, x) => a + Number(x[1]), 0);
    console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s rss=${Math.round(+rss / 1024)}MB heapUsed=${Math.round(+(used ?? 0) / 2 ** 20)} heapTotal=${Math.round(+(total ?? 0) / 2 ** 20)} external=${Math.round(+(ext ?? 0) / 2 ** 20)} applied=${applied}`);
  }
  if (process.env.SNAP) { child.kill('SIGUSR2'); await new Promise((r) => setTimeout(r, 15000)); }
  child.kill('SIGTERM');
  await admin.deleteTopics({ topics }); await admin.disconnect();
}
main();
