import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { startApp } from './bootstrap';

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
  const shutdown = (signal: NodeJS.Signals) => {
    console.log(`search-indexer: ${signal} received, shutting down`);
    app.close().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(`search-indexer: shutdown failed: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

void main();
