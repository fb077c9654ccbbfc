import { z } from "zod";
import { CHANGE_TYPES } from "./change-types";
import { Contact } from "./contact";
import { FieldChange, HistoryActor } from "./history";

export const ChangeType = z.enum(CHANGE_TYPES);
export type ChangeType = z.infer<typeof ChangeType>;

/** The most changes one page of the feed holds, and how many a page holds unless told. */
export const CHANGES_LIMIT_MAX = 1000;
export const CHANGES_LIMIT_DEFAULT = 100;

const NOT_A_FEED_CURSOR = "Not a feed cursor this API handed out";

/**
 * A position in a workspace's change feed: the decimal position of the last change seen
 * ("0" is before the first). Opaque to callers: store it, pass it back unchanged.
 */
export const FeedCursor = z.string().regex(/^(0|[1-9][0-9]{0,17})$/, NOT_A_FEED_CURSOR);
export type FeedCursor = z.infer<typeof FeedCursor>;

/**
 * One committed change of one contact, in the workspace's commit order: `cursor` is its
 * position, `version` the contact's version it produced, `changes` each changed field's
 * stored value before and after (every set field, from null, for a creation).
 */
export const ChangeEntry = z.object({
  /** The change's own id (the history entry's): the same in the feed, webhooks and history. */
  id: z.string(),
  cursor: FeedCursor,
  type: ChangeType,
  contactId: z.string(),
  version: z.int(),
  at: z.iso.datetime(),
  actor: HistoryActor,
  changes: z.record(z.string(), FieldChange),
});
export type ChangeEntry = z.infer<typeof ChangeEntry>;

/** contact.changes: the changes after `after` (from the start when omitted), oldest first. */
export const ChangesInput = z.strictObject({
  after: FeedCursor.optional(),
  limit: z
    .int("Must be a whole number")
    .min(1, "At least 1")
    .max(CHANGES_LIMIT_MAX, `At most ${CHANGES_LIMIT_MAX}`)
    .default(CHANGES_LIMIT_DEFAULT),
});
export type ChangesInput = z.output<typeof ChangesInput>;

/**
 * A page of the feed. `cursor` is where the next call starts (`after`): the last item's, or
 * the one passed in when nothing is new, so a consumer always stores `cursor` and never needs
 * to look at the items to resume. `hasMore` says that more changes are already waiting.
 */
export const ChangesPage = z.object({
  items: z.array(ChangeEntry),
  cursor: FeedCursor,
  hasMore: z.boolean(),
});
export type ChangesPage = z.infer<typeof ChangesPage>;

/**
 * contact.changedContacts: the current state of every contact changed after `after`, each
 * once, in the order of its latest change; `limit` counts changes read, as in contact.changes.
 */
export const ChangedContactsPage = z.object({
  items: z.array(Contact),
  /** Contacts those changes touched that are gone now (deleted, merged or erased): drop them. */
  removedIds: z.array(z.string()),
  cursor: FeedCursor,
  hasMore: z.boolean(),
});
export type ChangedContactsPage = z.infer<typeof ChangedContactsPage>;
