import { and, eq, gt, ilike, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { likeEscape } from "../like-escape";
import { queryRows } from "../rows";
import { companies } from "../schema";

export type CompanyRow = typeof companies.$inferSelect;

export async function insertCompany(db: Executor, row: { workspaceId: string; id: string; name: string }) {
  const [created] = await db.insert(companies).values(row).returning();
  if (!created) throw new Error("insertCompany returned nothing");
  return created;
}

export async function getCompanyRow(db: Executor, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, id)));
  return row ?? null;
}

/** Companies by name (case-insensitive), then id; keyset after `(after.name, after.id)`. */
export async function listCompanyRows(
  db: Executor,
  p: {
    workspaceId: string;
    search?: string | undefined;
    after?: { name: string; id: string } | undefined;
    limit: number;
  },
) {
  const lowerName = sql`lower(${companies.name})`;
  const conditions: (SQL | undefined)[] = [eq(companies.workspaceId, p.workspaceId)];
  if (p.search !== undefined) conditions.push(ilike(companies.name, `%${likeEscape(p.search)}%`));
  if (p.after) {
    // The cursor's name is folded by the same lower() as the rows, never by JavaScript.
    const afterName = sql`lower(${p.after.name})`;
    conditions.push(
      or(gt(lowerName, afterName), and(eq(lowerName, afterName), gt(companies.id, p.after.id))),
    );
  }
  return db
    .select()
    .from(companies)
    .where(and(...conditions))
    .orderBy(lowerName, companies.id)
    .limit(p.limit);
}

/**
 * The companies of `names` (case-insensitive; the oldest where several share one), creating
 * those that do not exist. Two statements in one transaction: a per-workspace advisory lock
 * first, so the lookup's snapshot (taken after it) sees any name a concurrent call created,
 * and two imports never create one name twice.
 */
export function ensureCompanyRows(
  db: Executor,
  p: { workspaceId: string; names: { name: string; newId: string }[] },
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
  insert into companies (workspace_id, id, name)
  select ${p.workspaceId}, w.new_id, w.name from want w
   where not exists (select 1 from found f where f.ord = w.ord)
  returning id
)
select w.name, coalesce(f.id, w.new_id) as id, f.id is null as created
  from want w left join found f on f.ord = w.ord
 order by w.ord`,
    );
  });
}
