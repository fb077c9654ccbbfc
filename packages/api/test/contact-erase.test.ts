import { randomInt, randomUUID } from "node:crypto";
import { type DbConnection, queryRows } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { handleTrpcRequest } from "../src/http";
import { createCaller } from "../src/root";
import { createApiKey } from "../src/services/api-keys/api-keys";
import { createContextInner } from "../src/trpc";
import { badRequestPaths, domainCauseOf, expectTRPCError } from "./support/contract";

/**
 * docs/api.md §6.15 contact.erase: the personal data is gone from every table, history keeps
 * that something changed (values redacted), and the erasure cannot be undone.
 */
const ORIGIN = "http://contacts.test";

let conn: DbConnection;
beforeAll(async () => {
  conn = await openTestDb();
});
afterAll(() => conn?.close());

async function workspace() {
  const ws = await createTestWorkspace(conn);
  const { key } = await createApiKey(conn.db, ws.id, "erase key");
  const actor: Actor = {
    workspaceId: ws.id,
    type: "api_key",
    id: `key-${ws.id}`,
    name: "test key",
    scopes: "all",
  };
  return { ws, key, caller: createCaller(createContextInner({ db: conn.db, actor })) };
}

async function call(
  key: string,
  method: "GET" | "POST",
  procedure: string,
  input: unknown,
  idemKey?: string,
) {
  const url =
    method === "GET"
      ? `${ORIGIN}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`
      : `${ORIGIN}/api/trpc/${procedure}`;
  const res = await handleTrpcRequest(
    new Request(url, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        ...(idemKey ? { "idempotency-key": idemKey } : {}),
      },
      ...(method === "POST" ? { body: JSON.stringify(input) } : {}),
    }),
    { endpoint: "/api/trpc", getDb: async () => conn.db, authenticateSession: async () => null },
  );
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
}

/** Every text, varchar, json(b) and array column of every table, as `schema.table.column`. */
async function textColumns(): Promise<{ schema: string; table: string; column: string }[]> {
  return queryRows(
    conn.db,
    sql`select c.table_schema as schema, c.table_name as table, c.column_name as column
          from information_schema.columns c
          join information_schema.tables t
            on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
         where c.table_schema not in ('pg_catalog', 'information_schema')
           and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY')
         order by 1, 2, 3`,
  );
}

/** The columns (`table.column`) where any of `needles` occurs, case-insensitively. */
async function whereFound(needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const { schema, table, column } of await textColumns()) {
    const ident = sql.raw(`"${schema}"."${table}"`);
    const col = sql.raw(`"${column}"`);
    const rows = await queryRows<{ n: number }>(
      conn.db,
      sql`select count(*)::int as n from ${ident}
           where exists (select 1 from jsonb_array_elements_text(${JSON.stringify(needles)}::jsonb) x(v)
                          where strpos(lower(${col}::text), lower(x.v)) > 0)`,
    );
    if ((rows[0]?.n ?? 0) > 0) found.push(`${schema}.${table}.${column}`);
  }
  return found;
}

describe("contact.erase", () => {
  it("leaves no copy of the contact's email, phone, name or references in any column of any table", async () => {
    const { key, caller } = await workspace();
    const tag = randomUUID();
    const email = `erase-${tag}@example.com`;
    const email2 = `erase-too-${tag}@example.com`;
    const lastName = `Forgetme${tag.slice(0, 8)}`;
    const refId = `ref-${tag}`;
    // A Swedish mobile number no other test uses.
    const phone = `+4670${randomInt(1_000_000, 9_999_999)}`;
    const acme = await caller.company.create({ name: "Acme" });

    // Everywhere the API keeps data: history (create, updates, batch, upsert), stored
    // idempotent responses of each, the references freed by a deletion, a list over HTTP.
    const created = await call(
      key,
      "POST",
      "contact.create",
      {
        firstName: "Erin",
        lastName,
        email,
        phone,
        tags: [lastName],
        connections: [{ company: { kind: "existing", id: acme.id }, primary: true, jobTitle: lastName }],
        externalRefs: [{ namespace: "crm", id: refId }],
      },
      "k-create",
    );
    expect(created.status).toBe(200);
    const id = created.body.result.data.id as string;
    expect(
      (await call(key, "POST", "contact.update", { id, data: { email: email2 } }, "k-update")).status,
    ).toBe(200);
    const batch = await call(
      key,
      "POST",
      "contact.batchUpdate",
      { items: [{ id, data: { email } }] },
      "k-batch",
    );
    expect(batch.status).toBe(200);
    const upsert = await call(
      key,
      "POST",
      "contact.upsertByExternalRef",
      { namespace: "crm", id: refId, data: { strategy: `likes ${email}` } },
      "k-upsert",
    );
    expect(upsert.body.result.data.outcome).toBe("updated");
    expect(
      (await call(key, "GET", "contact.list", { search: lastName })).body.result.data.items,
    ).toHaveLength(1);
    expect((await call(key, "POST", "contact.delete", { id }, "k-delete")).status).toBe(200);
    expect((await call(key, "POST", "contact.restore", { id }, "k-restore")).status).toBe(200);

    const needles = [email, email2, phone, lastName, refId];
    // The scan finds them where they were put (so its "nothing left" below can fail).
    expect(await whereFound(needles)).toEqual(
      expect.arrayContaining([
        "public.contacts.email",
        "public.contacts.phone",
        "public.contacts.last_name",
        "public.contacts.tags",
        "public.contact_connections.job_title",
        "public.contact_external_refs.external_id",
        "public.contact_history.changes",
        "public.idempotency_keys.response_body",
      ]),
    );

    const erased = await call(key, "POST", "contact.erase", { id }, "k-erase");
    expect(erased.status).toBe(200);
    expect(erased.body.result.data).toMatchObject({ id });

    expect(await whereFound(needles)).toEqual([]);

    // Gone for reads and writes, for good.
    await expectTRPCError(caller.contact.get({ id }), "NOT_FOUND");
    await expectTRPCError(caller.contact.update({ id, data: { firstName: "Back" } }), "NOT_FOUND");
    const restore = await expectTRPCError(caller.contact.restore({ id }), "CONFLICT");
    expect(domainCauseOf(restore).reason).toBe("CONTACT_ERASED");
    await expectTRPCError(caller.contact.findByExternalRef({ namespace: "crm", id: refId }), "NOT_FOUND");
    expect((await caller.contact.list({ deleted: true })).items).toEqual([]);
    // Erasing again changes nothing and says when it happened.
    expect(await caller.contact.erase({ id })).toEqual(erased.body.result.data);

    // History keeps who changed which field when, with the values redacted.
    const history = await caller.contact.history({ id, limit: 50 });
    expect(history.items.map((e) => e.type)).toEqual([
      "contact.erased",
      "contact.restored",
      "contact.deleted",
      "contact.updated",
      "contact.updated",
      "contact.updated",
      "contact.created",
    ]);
    expect(history.items[3]?.changes).toEqual({ strategy: { from: "[erased]", to: "[erased]" } });
    expect(Object.keys(history.items.at(-1)?.changes ?? {}).sort()).toEqual(
      ["connections", "email", "externalRefs", "firstName", "lastName", "phone", "tags"].sort(),
    );
    expect(history.items[2]?.changes.deletedAt?.to).toEqual(expect.any(String));

    // A retry of a request whose stored answer held the contact: it ran, its answer is gone.
    const retry = await call(key, "POST", "contact.update", { id, data: { email: email2 } }, "k-update");
    expect(retry.status).toBe(409);
    expect(retry.body.error.data.reason).toBe("IDEMPOTENT_RESPONSE_NOT_KEPT");

    // The feed shows the lifecycle in order.
    const feed = await caller.contact.changes({});
    expect(feed.items.map((e) => e.type).slice(-3)).toEqual([
      "contact.deleted",
      "contact.restored",
      "contact.erased",
    ]);
  });

  it("erases a contact in the bin, and is NOT_FOUND across workspaces", async () => {
    const { caller } = await workspace();
    const other = await workspace();
    const ada = await caller.contact.create({ firstName: "Ada", email: "ada@example.com" });
    await expectTRPCError(other.caller.contact.erase({ id: ada.id }), "NOT_FOUND");
    expect(await caller.contact.get({ id: ada.id })).toEqual(ada);
    await caller.contact.delete({ id: ada.id });
    const erased = await caller.contact.erase({ id: ada.id });
    expect(erased.id).toBe(ada.id);
    expect((await caller.contact.list({ deleted: true })).items).toEqual([]);
    await expectTRPCError(caller.contact.erase({ id: "missing" }), "NOT_FOUND");
  });

  it("answers bad input with 400 naming the field", async () => {
    const { caller } = await workspace();
    expect(await badRequestPaths(caller.contact.erase({} as never))).toEqual([["id"]]);
    expect(await badRequestPaths(caller.contact.erase({ id: "x".repeat(65) }))).toEqual([["id"]]);
    expect(await badRequestPaths(caller.contact.erase({ id: "x", confirm: true } as never))).toEqual([
      ["confirm"],
    ]);
  });
});
