import { sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { queryRows } from "../../rows";
import { type HistoryActorColumns, insertCompanyHistoryFrom } from "./company-write";

/**
 * The companies of `names` (case-insensitive; the oldest where several share one), creating
 * those that do not exist, each with its first history entry (`company.created`), as
 * company.create writes it. Two statements in one transaction: a per-workspace advisory lock
 * first, so the lookup's snapshot (taken after it) sees any name a concurrent call created,
 * and two imports never create one name twice.
 */
export function ensureCompanyRows(
  db: Executor,
  p: { workspaceId: string; names: { name: string; newId: string }[]; actor: HistoryActorColumns },
): Promise<{ name: string; id: string; created: boolean }[]> {
  const want = JSON.stringify(p.names.map((n, ord) => ({ ...n, ord })));
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended('companies.ensure:' || ${p.workspaceId}, 0))`,
    );
    return queryRows<{ name: string; id: string; created: boolean }>(
      tx,
      sql`
with want as (
  select x.name, x."newId" as new_id, x.ord
    from jsonb_to_recordset(${want}::jsonb) as x(name text, "newId" text, ord int)
),
found as (
  select distinct on (w.ord) w.ord, c.id
    from want w
    join companies c on c.workspace_id = ${p.workspaceId} and lower(c.name) = lower(w.name)
   order by w.ord, c.created_at, c.id
),
ins as (
  insert into companies (workspace_id, id, name, created_at, updated_at)
  select ${p.workspaceId}, w.new_id, w.name, t.at, t.at
    from want w, (select clock_timestamp() as at) t
   where not exists (select 1 from found f where f.ord = w.ord)
  returning *
),
h as (${insertCompanyHistoryFrom("ins", {
        type: "company.created",
        actor: p.actor,
        changes: sql`jsonb_build_object('name', jsonb_build_object('from', null, 'to', ins.name))`,
      })})
select w.name, coalesce(f.id, w.new_id) as id, f.id is null as created
  from want w left join found f on f.ord = w.ord
 order by w.ord`,
    );
  });
}
