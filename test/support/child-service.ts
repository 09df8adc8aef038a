import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppConfig, toEnvironment } from '../../src/config/app-config';

const ROOT = join(__dirname, '..', '..');


/** Runs the built service (dist/main.js) as its own process, so a test can SIGKILL it. */
export function spawnService(config: AppConfig, logFile: string, extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...toEnvironment(config), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Created here: the first test of a fresh machine otherwise logs nowhere (the stream's ENOENT goes unseen).
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
