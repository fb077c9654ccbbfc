import type { Database } from "@contacts/db";
import { sql } from "drizzle-orm";

/** GET /api/health: 200 when the database answers, 503 otherwise. */
export async function handleHealthRequest(getDb: () => Promise<Database>): Promise<Response> {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
