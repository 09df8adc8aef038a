import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { startApp } from './bootstrap';
import { closeWithin, shutdownExit } from './ops/shutdown';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`search-indexer: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const app = await startApp(config);
  console.log(`search-indexer listening on http://127.0.0.1:${config.PORT} (docs at /docs, metrics at /metrics)`);
  // Our own handler rather than enableShutdownHooks(): close() lets the in-flight batch finish (or abandon
  // its retries) and leaves the consumer groups, then the process exits 0 instead of re-raising the signal.
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      console.error(`search-indexer: ${signal} received again while shutting down, exiting at once`);
      process.exit(1);
    }
    closing = true;
    console.log(`search-indexer: ${signal} received, shutting down`);
    void closeWithin(() => app.close(), config.SHUTDOWN_TIMEOUT_MS).then((outcome) => {
      const { code, message } = shutdownExit(outcome, config.SHUTDOWN_TIMEOUT_MS);
      if (message) console.error(`search-indexer: ${message}`);
      process.exit(code);
    });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void main();
