import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";

/**
 * Gives every committed history entry of a workspace that has no feed position yet the next
 * positions, so the change feed lists changes in the order they were seen committed.
 *
 * Why positions are given after commit and not when the entry is written: a position taken
 * inside the writing transaction (a sequence, or the entry's time) is taken before that
 * transaction commits, so a reader could see position 11 committed while 10 is still in
 * flight, move its cursor past 10, and never see it. Here the positions are handed out by
 * one sequencer per workspace at a time (the workspace's `change_feed_heads` row is its
 * lock), each run to what its snapshot (taken after it holds the lock) sees committed: an
 * entry that commits later can only get a later position, and readers see a run's positions
 * all at once when it commits. A contact's later write is made after its earlier one
 * committed, so both are seen together or the earlier one first; within one run a contact's
 * entries are ordered by version (the sort key is the running latest time of the contact's
 * entries), so every consumer sees a contact's changes in version order.
 *
 * Costs one `exists` on a partial index when there is nothing to do.
 */
export async function sequenceChanges(db: Executor, workspaceId: string): Promise<void> {
  const [pending] = await queryRows<{ pending: boolean }>(
    db,
    sql`select exists (select 1 from contact_history
                        where workspace_id = ${workspaceId} and seq is null) as pending`,
  );
  if (!pending?.pending) return;
  await db.transaction(async (tx) => {
    // Locks the head (made on first use). The next statement's snapshot is taken after this
    // lock is held, so it sees everything the previous run saw and sequenced.
    const [head] = await queryRows<{ lastSeq: string }>(
      tx,
      sql`insert into change_feed_heads (workspace_id) values (${workspaceId})
          on conflict (workspace_id) do update set last_seq = change_feed_heads.last_seq
          returning last_seq::text as "lastSeq"`,
    );
    await tx.execute(sql`with pending as (
  select id, contact_id, version,
         max(at) over (partition by contact_id order by version) as k
    from contact_history
   where workspace_id = ${workspaceId} and seq is null
),
numbered as (
  select id, row_number() over (order by k, contact_id, version) as n from pending
),
upd as (
  update contact_history h set seq = ${head?.lastSeq ?? "0"}::bigint + o.n
    from numbered o
   where h.workspace_id = ${workspaceId} and h.id = o.id
  returning h.seq
)
update change_feed_heads set last_seq = coalesce((select max(seq) from upd), last_seq)
 where workspace_id = ${workspaceId}`);
  });
}

/**
 * The workspace's last feed position as last numbered ("0" before any). Callers that need
 * "now" number first: the feed readers already have, just before they ask.
 */
export async function changeFeedHead(db: Executor, workspaceId: string): Promise<string> {
  const [row] = await queryRows<{ lastSeq: string }>(
    db,
    sql`select coalesce((select last_seq from change_feed_heads where workspace_id = ${workspaceId}), 0)::text
          as "lastSeq"`,
  );
  return row?.lastSeq ?? "0";
}
