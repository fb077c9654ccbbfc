import { and, eq, gt, ilike, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../client";
import { likeEscape } from "../../like-escape";
import { companies } from "../../schema";

export type CompanyRow = typeof companies.$inferSelect;

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
