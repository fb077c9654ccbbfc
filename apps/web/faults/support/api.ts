import { createApiKey } from "@contacts/api";
import { createDb, type DbConnection, migrate } from "@contacts/db";
import { createTestWorkspace } from "@contacts/db/testing";
import { sql } from "drizzle-orm";

export interface Answer {
  /** The HTTP status, or 0 when no answer came (connection refused or reset, timeout). */
  status: number;
  ms: number;
  /** When the answer came, from performance.now(). */
  at: number;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON, asserted field by field.
  body: any;
  headers: Headers;
  error?: string;
}

/** One tRPC call over HTTP with an API key: GET for queries, POST (JSON body) for mutations. */
export async function trpc(
  base: string,
  key: string,
  path: string,
  input: unknown,
  options: { mutation?: boolean; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const mutation = options.mutation ?? !/\.(get|list|history|findByExternalRef)$/.test(path);
  const url = mutation
    ? `${base}/api/trpc/${path}`
    : `${base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: mutation ? "POST" : "GET",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...options.headers },
      ...(mutation ? { body: JSON.stringify(input) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const at = performance.now();
    return { status: res.status, ms: at - started, at, body, headers: res.headers };
  } catch (err) {
    const at = performance.now();
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return {
      status: 0,
      ms: at - started,
      at,
      body: undefined,
      headers: new Headers(),
      error: cause ?? String(err),
    };
  }
}

/** A database on the server for one test file, migrated, with a workspace and an API key. */
export async function provision(adminUrl: string, database: string) {
  const admin = await createDb({ url: adminUrl, maxConnections: 1 });
  await admin.db.execute(sql.raw(`create database ${database}`));
  await admin.close();
  const url = adminUrl.replace(/\/[^/]*$/, `/${database}`);
  const conn: DbConnection = await createDb({ url, maxConnections: 4 });
  await migrate(conn);
  const ws = await createTestWorkspace(conn, "Faults");
  const created = await createApiKey(conn.db, ws.id, "faults");
  return { url, conn, workspaceId: ws.id, key: created.key, keyId: created.id };
}

/** Creates `n` contacts through the API and answers their ids. */
export async function createContacts(
  base: string,
  key: string,
  n: number,
  prefix: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await trpc(base, key, "contact.create", { firstName: prefix, lastName: `${i}` });
    if (r.status !== 200) throw new Error(`contact.create: ${r.status} ${JSON.stringify(r.body)}`);
    ids.push(r.body.result.data.id);
  }
  return ids;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Prints a measured figure so CI logs (and the closing note) can quote it. */
export function report(name: string, figures: Record<string, unknown>) {
  console.log(`[faults] ${name}: ${JSON.stringify(figures)}`);
}

/**
 * What the database holds of a contact's writes: its version, its history entries, and the
 * `strategy` each entry set (the tests write a distinct strategy with every update).
 */
export async function storedWrites(conn: DbConnection, contactId: string) {
  const [contact] = (await conn.db.execute(
    sql`select version from contacts where id = ${contactId}`,
  )) as unknown as { version: number }[];
  const history = (await conn.db.execute(
    sql`select changes -> 'strategy' ->> 'to' as strategy from contact_history where contact_id = ${contactId}`,
  )) as unknown as { strategy: string | null }[];
  return {
    version: contact?.version ?? 0,
    historyEntries: history.length,
    strategies: new Set(history.flatMap((h) => (h.strategy ? [h.strategy] : []))),
  };
}
