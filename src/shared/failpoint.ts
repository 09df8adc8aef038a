import { existsSync, writeFileSync } from 'node:fs';

/**
 * A crash on purpose, for the fault tests: with FAILPOINT=<name> the process SIGKILLs itself when it reaches
 * that point (once, if FAILPOINT_MARKER names a file: the file records that it happened). Unset, it is a
 * string comparison; it is read from the environment directly because it is no setting of the service.
 */
export function failpoint(name: string): void {
  if (process.env.FAILPOINT !== name) return;
  const marker = process.env.FAILPOINT_MARKER;
  if (marker) {
    if (existsSync(marker)) return;
    writeFileSync(marker, `${name} ${new Date().toISOString()}\n`);
  }
  process.kill(process.pid, 'SIGKILL');
}
