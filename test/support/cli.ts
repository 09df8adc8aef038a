import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import { toEnvironment } from '../../src/config/app-config';

/** Runs the built CLI (`npm run cli -- …` without the build check) with a test's configuration. */
export function runCli(config: AppConfig, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli', 'main.js'), ...args], {
    env: { ...process.env, ...toEnvironment(config) },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
