import 'reflect-metadata';
import { Command } from 'commander';
import { ConfigError } from '../config/app-config';
import { replayDlq } from './dlq-replay';
import { gaps, verify } from './inspect-commands';
import { abort, rebuild } from './rebuild-commands';
import { status } from './status-command';
import { createTopics } from './topics-command';

const program = new Command()
  .name('search-indexer')
  .description('Operate the search indexing service: status, blue-green rebuilds, consistency checks, dead letters');
program
  .command('create-topics')
  .description('create the source topic of every registered projection and its dead-letter topic, if absent')
  .option('--partitions <n>', 'partitions of each topic created', '6')
  .action(createTopics);
program.command('status').description('alias, active index, rebuild state and per-partition checkpoint / end offset / lag').action(status);
program
  .command('rebuild <projection>')
  .description('blue-green rebuild from offset zero, with a progress bar; Ctrl-C leaves it resumable')
  .option('--no-bulk-load-settings', 'replay with the final index settings (refreshes and replicas on), for comparison')
  .action(rebuild);
program.command('abort <projection>').description('abort a running rebuild; the live index is untouched').action(abort);
program
  .command('gaps <projection>')
  .description('documents whose events wait above a gap in their versions, oldest first')
  .option('--resolve <ids...>', 'give up waiting: apply these documents\' parked events over their gaps')
  .action(gaps);
program.command('verify <projection>').description('fold the topic independently and compare with the read model; exit 1 on any difference').action(verify);
program
  .command('replay-dlq <topic>')
  .description('list dead letters of <topic> (or <topic>.dlq) not yet replayed; with --execute re-publish them to their origin topic')
  .option('--execute', 're-publish instead of only listing', false)
  .action(replayDlq);

program.parseAsync().catch((err: Error) => {
  console.error(err instanceof ConfigError ? err.message : `error: ${err.message}`);
  process.exit(2);
});
