import { sql } from "drizzle-orm";
import type { Executor } from "../client";

/** Records that the server instance `id` is alive now (inserted on its first stamp). */
export async function stampAppInstance(db: Executor, id: string): Promise<void> {
  await db.execute(
    sql`insert into app_instances (id) values (${id})
        on conflict (id) do update set seen_at = now()`,
  );
}

/**
 * Forgets an instance that stops cleanly (and instances not seen for an hour), with the
 * idempotency keys it claimed and never answered, so their retries run at once.
 */
export async function removeAppInstance(db: Executor, id: string): Promise<void> {
  await db.execute(
    sql`with gone as (delete from app_instances where id = ${id} or seen_at < now() - interval '1 hour')
        delete from idempotency_keys where claimed_by = ${id} and response_status is null`,
  );
}
