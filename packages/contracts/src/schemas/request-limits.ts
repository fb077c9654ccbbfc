/**
 * What one HTTP request may cost (docs/security.md). A tRPC batch (`?batch=1`) holds at most
 * BATCH_CALLS_MAX calls, and the items of all its calls together (the contacts a
 * `batchUpdate` writes, the rows a `list` or `history` page may answer, one for any other
 * call) are at most BATCH_ITEMS_MAX. Clients batching calls set the same limit on their link.
 */
export const BATCH_CALLS_MAX = 20;
export const BATCH_ITEMS_MAX = 1000;
