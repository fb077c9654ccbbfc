import type { ChangeEntry, Contact, ContactWatchEvent, WatchContactInput } from "@contacts/contracts";
import { changeFeedHead, type Executor, sequenceChanges } from "@contacts/db";
import { TRPCError, tracked } from "@trpc/server";
import type { Actor } from "../../actor";
import { NotFoundError } from "../../errors";
import { isShuttingDown } from "../../shutdown";
import { getContact } from "../contacts/read-contacts";
import { FEED_HUB_POLL_MS, joinFeedHub } from "./feed-hub";
import { listChanges } from "./list-changes";

/**
 * contact.watch (docs/api.md §6.20): the contact as it is now, then each committed change of
 * it as the change feed numbers it, each event tracked by its feed cursor so that a reconnect
 * (`lastEventId`) resumes after the last one received. Ends when the client goes away or
 * this server starts shutting down (the client reconnects, to another instance).
 */
export async function* watchContact(
  db: Executor,
  actor: Actor,
  input: WatchContactInput,
  signal: AbortSignal | undefined,
) {
  const queue: ChangeEntry[] = [];
  let wake: (() => void) | null = null;
  const leave = joinFeedHub(db, actor.workspaceId, (entry) => {
    if (entry.contactId !== input.id) return;
    queue.push(entry);
    wake?.();
  });
  const current = () => getContact(db, actor, { id: input.id }).catch(nullIfGone);
  try {
    let last: string;
    if (input.lastEventId) {
      // A reconnect: what happened since the last event received, from the feed itself.
      last = input.lastEventId;
      for (;;) {
        const page = await listChanges(db, actor, { after: last, limit: 1000 });
        for (const entry of page.items) {
          if (entry.contactId === input.id) yield change(entry, await current());
        }
        last = page.cursor;
        if (!page.hasMore) break;
      }
    } else {
      await sequenceChanges(db, actor.workspaceId);
      last = await changeFeedHead(db, actor.workspaceId);
      const contact = await current();
      // Thrown as tRPC's own error: the middleware's translation of domain errors has
      // already run when a subscription's stream starts.
      if (!contact) {
        const cause = new NotFoundError("Contact");
        throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
      }
      yield tracked(last, { kind: "current", contact } satisfies ContactWatchEvent);
    }
    while (!signal?.aborted && !isShuttingDown()) {
      const entry = queue.shift();
      if (!entry) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, FEED_HUB_POLL_MS);
          signal?.addEventListener("abort", () => resolve(), { once: true });
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
        continue;
      }
      if (BigInt(entry.cursor) <= BigInt(last)) continue;
      last = entry.cursor;
      yield change(entry, await current());
    }
  } finally {
    leave();
  }
}

const change = (entry: ChangeEntry, contact: Contact | null) =>
  tracked(entry.cursor, { kind: "change", entry, contact } satisfies ContactWatchEvent);

const nullIfGone = (err: unknown): null => {
  if (err instanceof NotFoundError) return null;
  throw err;
};
