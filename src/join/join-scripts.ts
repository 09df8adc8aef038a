/**
 * Painless scripts for joined documents. The engine runs each atomically on the stored document (and runs it
 * again when another writer changed it meanwhile), so writers of different parts never undo each other's
 * work, in any order. The same language and semantics on Elasticsearch and OpenSearch.
 */

/**
 * The owner's write: replace the document's own fields if the history it carries is newer than the stored
 * one (the external version `storedVersion` would have refused it), keeping `refs` as other writers left it.
 */
export const OWN_FIELDS_SCRIPT = `
def stored = ctx._source.version == null ? -1L
  : ((Number) ctx._source.version).longValue() * ((Number) params.slots).longValue() + (ctx._source.parked == null ? 0 : ctx._source.parked.size());
if (((Number) params.version).longValue() <= stored) {
  ctx.op = 'noop';
} else {
  def refs = ctx._source.refs;
  ctx._source.clear();
  ctx._source.putAll(params.document);
  if (refs != null) { ctx._source.refs = refs; }
}`;

/**
 * A reference's state into a document that names it: only if the document still names that aggregate, and
 * only if newer than what it embeds (a merge: the highest version wins, whoever writes last).
 */
export const EMBED_REFERENCE_SCRIPT = `
def own = ctx._source[params.field];
def refs = ctx._source.refs;
def current = refs == null ? null : refs[params.key];
if (own == null || !own.equals(params.id)) {
  ctx.op = 'noop';
} else if (current != null && params.id.equals(current.id) && ((Number) current.version).longValue() >= ((Number) params.ref.version).longValue()) {
  ctx.op = 'noop';
} else {
  if (refs == null) { ctx._source.refs = new HashMap(); }
  ctx._source.refs[params.key] = params.ref;
}`;

/**
 * Drops an embedded reference to an aggregate the document no longer names (moved to a hall not known yet,
 * or created again without a band), so its fields are not searched as the document's.
 */
export const DROP_STALE_REFERENCE_SCRIPT = `
def own = ctx._source[params.field];
def refs = ctx._source.refs;
def current = refs == null ? null : refs[params.key];
if (current != null && (own == null || !own.equals(current.id))) {
  refs.remove(params.key);
  if (refs.isEmpty()) { ctx._source.remove('refs'); }
} else {
  ctx.op = 'noop';
}`;
