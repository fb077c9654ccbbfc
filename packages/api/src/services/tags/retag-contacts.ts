import {
  dedupeTags,
  type MergeTagsInput,
  normalizeTag,
  type RenameTagInput,
  type RetagOutput,
} from "@contacts/contracts";
import { type Executor, selectContactsCarryingTags } from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError } from "../../errors";
import { bulkUpsertContacts } from "../contacts/bulk-upsert-contacts";

/** Contacts read and written per round: one bulkUpsert call (its ceiling is 1,000 items). */
const PAGE = 500;
/** Rounds for contacts that changed between the read and the write, before CONFLICT. */
const ROUNDS = 4;

/**
 * A contact's tags after a rename or merge: every source tag, and the target in any other
 * spelling, becomes `target` (one tag, one spelling), in the place of the first of them;
 * duplicates dropped. Its other tags are normalized as a write would (a tag saved before
 * normalization is cleaned, one that is only punctuation dropped), so the write is valid.
 */
export function retagged(tags: readonly string[], sources: readonly string[], target: string): string[] {
  const keys = new Set([...sources, target].map((s) => s.toLowerCase()));
  return dedupeTags(
    tags.map((t) => (keys.has(t.toLowerCase()) ? target : normalizeTag(t))).filter((t) => t !== ""),
  );
}

export const renameTag = (db: Executor, actor: Actor, input: RenameTagInput) =>
  retagContacts(db, actor, { sources: [input.from], target: input.to, dryRun: input.dryRun });

export const mergeTags = (db: Executor, actor: Actor, input: MergeTagsInput) =>
  retagContacts(db, actor, { sources: input.from, target: input.into, dryRun: input.dryRun });

type Carrier = { id: string; version: number; tags: string[] };

/**
 * tag.rename and tag.merge: every live contact carrying a source tag (or the target in another
 * spelling) gets its new tags through contact.bulkUpsert's set-based write, 500 contacts per
 * round trip pair: each changed contact gets a new version and a history entry (so the change
 * feed and webhooks see it), guarded by the version read. A contact written by someone else
 * in between is read again and retagged from what it holds now. Not one transaction across
 * pages: a rename of 10,000 contacts does not hold 10,000 row locks; it is idempotent, so a
 * failed run is finished by running it again.
 */
export async function retagContacts(
  db: Executor,
  actor: Actor,
  o: { sources: string[]; target: string; dryRun: boolean },
): Promise<RetagOutput> {
  const tags = [...o.sources, o.target];
  let changed = 0;
  let afterId: string | undefined;
  for (;;) {
    const page = await selectContactsCarryingTags(db, {
      workspaceId: actor.workspaceId,
      tags,
      afterId,
      limit: PAGE,
    });
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    let pending = page;
    for (let round = 1; pending.length > 0; round++) {
      const moved = await writeRound(db, actor, pending, o);
      changed += moved.written;
      if (moved.again.length === 0) break;
      if (round === ROUNDS) {
        throw new ConflictError(
          "WRITE_CONTENTION",
          `${moved.again.length} contacts kept changing while their tags were rewritten; run it again`,
        );
      }
      pending = await selectContactsCarryingTags(db, {
        workspaceId: actor.workspaceId,
        tags,
        ids: moved.again,
        limit: PAGE,
      });
    }
    if (page.length < PAGE) break;
  }
  return { changed };
}

/** One bulkUpsert of the contacts whose tags change; the ids whose version moved meanwhile. */
async function writeRound(
  db: Executor,
  actor: Actor,
  carriers: Carrier[],
  o: { sources: string[]; target: string; dryRun: boolean },
): Promise<{ written: number; again: string[] }> {
  const items = carriers
    .map((c) => ({ c, next: retagged(c.tags, o.sources, o.target) }))
    .filter(({ c, next }) => JSON.stringify(next) !== JSON.stringify(c.tags));
  if (items.length === 0) return { written: 0, again: [] };
  if (o.dryRun) return { written: items.length, again: [] };
  const { results } = await bulkUpsertContacts(db, actor, {
    items: items.map(({ c, next }) => ({ id: c.id, expectedVersion: c.version, data: { tags: next } })),
  });
  let written = 0;
  const again: string[] = [];
  results.forEach((r, i) => {
    if (r.ok) {
      if (r.outcome === "updated") written++;
    } else if (r.error.code === "CONFLICT") {
      again.push(items[i]!.c.id);
    } else if (r.error.code !== "NOT_FOUND") {
      // Deleted meanwhile (NOT_FOUND) needs nothing; anything else is our bug, not the caller's.
      throw new Error(`retag of contact ${items[i]!.c.id} failed: ${r.error.code} ${r.error.message}`);
    }
  });
  return { written, again };
}
