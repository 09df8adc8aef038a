/** How a shutdown ended: closed in time, failed with an error, or still running at its deadline. */
export type ShutdownOutcome = { kind: 'closed' } | { kind: 'failed'; error: Error } | { kind: 'timed-out' };

/**
 * Runs `close` against a deadline. Closing waits for in-flight batches and for the consumers to leave their
 * groups; an engine that stopped answering or a broker that is reconnecting can hold that for minutes, and a
 * process that does not exit is worse than one that exits without its clean group leave: checkpoints are
 * stored in the same bulks as the documents they cover, so the next start resumes from the last one stored.
 */
export async function closeWithin(close: () => Promise<void>, deadlineMs: number): Promise<ShutdownOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ShutdownOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timed-out' }), deadlineMs);
  });
  const closing = close().then(
    (): ShutdownOutcome => ({ kind: 'closed' }),
    (error: unknown): ShutdownOutcome => ({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
  );
  try {
    return await Promise.race([closing, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The exit code and the line a shutdown's outcome ends the process with. */
export function shutdownExit(outcome: ShutdownOutcome, deadlineMs: number): { code: number; message?: string } {
  switch (outcome.kind) {
    case 'closed':
      return { code: 0 };
    case 'failed':
      return { code: 1, message: `shutdown failed: ${outcome.error.message}` };
    case 'timed-out':
      return {
        code: 1,
        message:
          `shutdown did not finish within ${deadlineMs} ms (SHUTDOWN_TIMEOUT_MS): exiting with in-flight work abandoned; ` +
          'nothing is lost, the next start resumes from the checkpoints stored with the documents',
      };
  }
}
