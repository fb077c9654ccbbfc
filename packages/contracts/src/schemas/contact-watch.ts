import { z } from "zod";
import { Id } from "../fields/id";
import { ChangeEntry, FeedCursor } from "./change-feed";
import { Contact } from "./contact";

/**
 * `contact.watch`: a subscription (server-sent events) to one contact's changes, fed by the
 * workspace's change feed. `lastEventId` is the feed cursor of the last event received, which
 * tRPC's httpSubscriptionLink sends back by itself when it reconnects, so nothing is missed.
 */
export const WatchContactInput = z.strictObject({
  id: Id,
  lastEventId: FeedCursor.nullish(),
});
export type WatchContactInput = z.output<typeof WatchContactInput>;

/**
 * What a watcher receives: first the contact as it is now (`current`, null when it is gone),
 * so a page loaded before the subscription started learns what it missed; then one `change`
 * per committed change of it, with the contact as that change left it (null once deleted,
 * merged or erased).
 */
export const ContactWatchEvent = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("current"), contact: Contact.nullable() }),
  z.object({ kind: z.literal("change"), entry: ChangeEntry, contact: Contact.nullable() }),
]);
export type ContactWatchEvent = z.infer<typeof ContactWatchEvent>;
