/** The event contract's Handling table as served in the OpenAPI document (README: "How each message is handled"). */
export const HANDLING_MARKDOWN = [
  '### How each event is handled',
  '',
  '| what arrives | what happens |',
  '|---|---|',
  '| the next version of its aggregate | applied, then any parked events it unblocks, in version order |',
  '| a version already applied or parked | no effect (duplicate) |',
  '| a version more than one above the applied one (reordered, late, lost or truncated) | parked, hidden from search, applied when the missing versions arrive; counted in `indexer_open_gaps` and shown by `/admin/projections` |',
  '| an update of an aggregate with no document | never written as a delete; it waits, as a gap does |',
  '| a type the projection does not know | skipped |',
  '| a message that breaks the contract, or a document the engine rejects | dead-lettered to `<topic>.dlq` |',
  '| the engine or Kafka unavailable | retried without end; the position does not advance |',
].join('\n');
