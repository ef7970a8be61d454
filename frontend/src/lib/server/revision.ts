/**
 * Optimistic concurrency for the editors: a form carries the revision of what it loaded (a hidden
 * "revision" field), and the save sends it back as If-Match, so the API refuses (412) to save
 * over a change someone else made meanwhile instead of silently overwriting it.
 */

/** Revisions are content hashes; anything else posted (tampered, empty) sends no precondition. */
const REVISION = /^[0-9a-f]{16,128}$/i;

/** Extra request params for a save: the If-Match header when the form carried a revision. */
export function ifMatch(revision: string | undefined): { header?: { 'If-Match': string } } {
  return revision && REVISION.test(revision) ? { header: { 'If-Match': `"${revision}"` } } : {};
}
