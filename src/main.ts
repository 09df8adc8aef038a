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
  void app;
}

void main();
