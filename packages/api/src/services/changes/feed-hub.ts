import type { ChangeEntry } from "@contacts/contracts";
import { changeFeedHead, type Executor, readChanges, sequenceChanges } from "@contacts/db";
import { logger } from "../../logger";
import { onWebhookNudge } from "../webhooks/delivery-wake-up";

/** How often a hub reads its feed when no write in this process woke it (another instance's). */
export const FEED_HUB_POLL_MS = 1000;
const PAGE = 500;

type Listener = (entry: ChangeEntry) => void;

interface Hub {
  listeners: Set<Listener>;
  wake: (() => void) | null;
}

/**
 * One reader of a workspace's change feed per process, for every live watcher in it
 * (`contact.watch`): an open editor costs a listener, not a poll. It reads the feed from its
 * head when the first watcher joins, hands every entry to every listener, and stops when the
 * last one leaves. A write committed in this process wakes it at once (the webhooks' nudge);
 * another instance's write is seen at the next poll. On globalThis, since the production
 * server holds this module twice (its own copy and Next's bundle's).
 */
const KEY = Symbol.for("@contacts/api/feed-hubs");
const globals = globalThis as { [KEY]?: Map<string, Hub> };
globals[KEY] ??= new Map();
const hubs = globals[KEY];

export function joinFeedHub(db: Executor, workspaceId: string, listener: Listener): () => void {
  const existing = hubs.get(workspaceId);
  const joined: Hub = existing ?? { listeners: new Set(), wake: null };
  joined.listeners.add(listener);
  if (!existing) {
    hubs.set(workspaceId, joined);
    void run(db, workspaceId, joined);
  }
  return () => {
    joined.listeners.delete(listener);
    joined.wake?.();
  };
}

async function run(db: Executor, workspaceId: string, hub: Hub) {
  const stopNudges = onWebhookNudge(() => hub.wake?.());
  let cursor: string | null = null;
  try {
    while (hub.listeners.size > 0) {
      let more = false;
      try {
        // Numbered first: changes committed before the first watcher came are not news to it.
        if (cursor === null) {
          await sequenceChanges(db, workspaceId);
          cursor = await changeFeedHead(db, workspaceId);
        }
        const { items, hasMore } = await readChanges(db, { workspaceId, after: cursor, limit: PAGE });
        for (const entry of items as ChangeEntry[]) {
          for (const listener of hub.listeners) listener(entry);
          cursor = entry.cursor;
        }
        more = hasMore;
      } catch (err) {
        // The database away for a moment: the watchers wait, the next poll tries again.
        logger.warn({ err, workspaceId }, "change feed hub: read failed");
      }
      if (more) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, FEED_HUB_POLL_MS);
        hub.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      hub.wake = null;
    }
  } finally {
    // Synchronously after the last listener left: no one can join this hub any more.
    stopNudges();
    if (hubs.get(workspaceId) === hub) hubs.delete(workspaceId);
  }
}
