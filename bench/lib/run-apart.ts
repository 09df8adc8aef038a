import { spawn } from 'node:child_process';

/**
 * Runs a bench script in a process of its own and returns what it printed as JSON. The benchmark process
 * holds a million generated events; timing anything next to that heap times its garbage collections too.
 */
export async function runApart<T>(script: string, argument: unknown): Promise<T> {
  // Without V8's memory reducer, whose collections of an idle-looking process fell in timed runs (own-heap.ts).
  const child = spawn(process.execPath, ['--no-memory-reducer', '-r', 'ts-node/register/transpile-only', script, JSON.stringify(argument)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return JSON.parse(out) as T;
}
