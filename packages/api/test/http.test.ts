import { createServer, request, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { BATCH_CALLS_MAX, BATCH_ITEMS_MAX, BATCH_UPDATE_MAX, type Contact } from "@contacts/contracts";
import { type Database, type DbConnection, queryRows } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { handleTrpcRequest, MAX_BODY_BYTES, serveTrpcOverNode, type TrpcHttpOptions } from "../src/http";
import { createCaller } from "../src/root";
import { apiKeyHash, createApiKey, revokeApiKey } from "../src/services/api-keys/api-keys";
import { createContextInner } from "../src/trpc";

/**
 * CONTRACT §7 and §8 on the wire, through both ways in: fetch Requests through the handler the
 * Next route uses, and real HTTP to a node:http server using the adapter the production server
 * answers API keys with, so status codes, auth and the error body are what any client sees.
 */
const ORIGIN = "http://contacts.test";
const ENDPOINT = "/api/trpc";

let conn: DbConnection;
/** The options of the request being sent, read by the node:http server. */
let serverOptions: TrpcHttpOptions;
let server: Server;
let serverOrigin: string;
beforeAll(async () => {
  conn = await openTestDb();
  server = createServer((req, res) => {
    serveTrpcOverNode(req, res, serverOptions).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await conn?.close();
});

type WayIn = "fetch handler" | "node:http server";
let wayIn: WayIn = "fetch handler";

async function respond(req: Request, options: TrpcHttpOptions): Promise<Response> {
  if (wayIn === "fetch handler") return handleTrpcRequest(req, options);
  serverOptions = options;
  const url = new URL(req.url);
  return fetch(`${serverOrigin}${url.pathname}${url.search}`, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    duplex: "half",
  } as RequestInit);
}

interface WireResponse {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: the parsed JSON body, asserted field by field.
  body: any;
}

/** Words that would mean SQL, the driver or a stack trace reached a client. */
const LEAKS = [/select/i, /insert/i, /postgres/i, /"stack"/, /\n\s+at\s/, /node_modules/, /\.ts:\d+/];

function expectNoLeaks(text: string) {
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
}

async function send(req: Request, options: Partial<TrpcHttpOptions> = {}): Promise<WireResponse> {
  const res = await respond(req, { endpoint: ENDPOINT, getDb: async () => conn.db, ...options });
  const text = await res.text();
  expectNoLeaks(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, text, body };
}

const auth = (key: string | undefined): Record<string, string> =>
  key === undefined ? {} : { authorization: `Bearer ${key}` };

/** A tRPC query: GET with the plain JSON input in `?input=`. */
function query(procedure: string, input: unknown, key?: string, options?: Partial<TrpcHttpOptions>) {
  const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return send(new Request(`${ORIGIN}${ENDPOINT}/${procedure}${qs}`, { headers: auth(key) }), options);
}

/** A tRPC mutation: POST with the plain JSON input as the body (no transformer). */
function mutation(procedure: string, body: unknown, key?: string, headers: Record<string, string> = {}) {
  return send(
    new Request(`${ORIGIN}${ENDPOINT}/${procedure}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth(key), ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** A workspace with an API key and a direct caller to arrange data. */
async function workspace() {
  const ws = await createTestWorkspace(conn, "HTTP");
  const { key, id: keyId } = await createApiKey(conn.db, ws.id, "http test");
  const actor: Actor = { workspaceId: ws.id, type: "api_key", id: keyId, name: "http test", scopes: "all" };
  const caller = createCaller(createContextInner({ db: conn.db, actor }));
  const contact = await caller.contact.create({
    firstName: "Zelda",
    lastName: "Quartermaine",
    email: "zelda@quartermaine.example",
    strategy: "Secret plan",
  });
  return { ws, key, keyId, caller, contact };
}

function expectError(res: WireResponse, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.data?.code }).toEqual({ status, code });
  expect(res.body.result).toBeUndefined();
  expect(res.body.error.data.httpStatus).toBe(status);
  expect(typeof res.body.error.message).toBe("string");
}

/** Nothing about the contact: not its id, not a field. */
function expectNothingAbout(res: WireResponse, contact: Contact) {
  for (const secret of [contact.id, "Zelda", "Quartermaine", "zelda@", "Secret plan"]) {
    expect(res.text).not.toContain(secret);
  }
}

describe.each<WayIn>(["fetch handler", "node:http server"])("through the %s", (way) => {
  beforeAll(() => {
    wayIn = way;
  });

  describe("authentication", () => {
    it("no Authorization header: 401 UNAUTHORIZED and nothing about the data", async () => {
      const { contact } = await workspace();
      const get = await query("contact.get", { id: contact.id });
      expectError(get, 401, "UNAUTHORIZED");
      expectNothingAbout(get, contact);
      const list = await query("contact.list", {});
      expectError(list, 401, "UNAUTHORIZED");
      expectNothingAbout(list, contact);
      const update = await mutation("contact.update", { id: contact.id, data: { firstName: "Mallory" } });
      expectError(update, 401, "UNAUTHORIZED");
      expect(await query("contact.history", { id: contact.id }).then((r) => r.status)).toBe(401);
    });

    it("bad, unknown, malformed and revoked keys: 401", async () => {
      const { ws, key, contact, caller } = await workspace();
      const other = await createApiKey(conn.db, ws.id, "to revoke");
      expect((await query("contact.get", { id: contact.id }, other.key)).status).toBe(200);
      await revokeApiKey(conn.db, ws.id, other.id);

      const wellFormedUnknown = `ck_${ws.id}_${"A".repeat(43)}`;
      const tampered = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
      for (const bad of ["nonsense", wellFormedUnknown, tampered, other.key, `${key}x`, ""]) {
        const res = await query("contact.get", { id: contact.id }, bad);
        expectError(res, 401, "UNAUTHORIZED");
        expectNothingAbout(res, contact);
      }
      for (const header of [`Basic ${Buffer.from("a:b").toString("base64")}`, key, `Bearer ${key} extra`]) {
        const res = await send(
          new Request(
            `${ORIGIN}${ENDPOINT}/contact.get?input=${encodeURIComponent(JSON.stringify({ id: contact.id }))}`,
            {
              headers: { authorization: header },
            },
          ),
        );
        expectError(res, 401, "UNAUTHORIZED");
      }
      // Nothing was written by any of it.
      expect((await caller.contact.get({ id: contact.id })).version).toBe(1);
    });

    it("a presented but bad key never falls back to the session", async () => {
      const { contact, ws } = await workspace();
      const session: Actor = {
        workspaceId: ws.id,
        type: "user",
        id: "u1",
        name: "Session user",
        scopes: "all",
      };
      const options = { authenticateSession: async () => session };
      expect((await query("contact.get", { id: contact.id }, undefined, options)).status).toBe(200);
      expectError(await query("contact.get", { id: contact.id }, "wrong", options), 401, "UNAUTHORIZED");
    });

    it("a valid key works for a GET query and a POST mutation", async () => {
      const { key, contact } = await workspace();
      const got = await query("contact.get", { id: contact.id }, key);
      expect(got.status).toBe(200);
      expect(got.body.result.data).toEqual(contact);

      const updated = await mutation(
        "contact.update",
        { id: contact.id, data: { lastName: "Q", tags: ["vip"] }, expectedVersion: 1 },
        key,
      );
      expect(updated.status).toBe(200);
      expect(updated.body.result.data).toMatchObject({
        id: contact.id,
        lastName: "Q",
        tags: ["vip"],
        version: 2,
      });
      // Plain JSON on the wire: dates are ISO strings, no transformer envelope.
      expect(typeof updated.body.result.data.updatedAt).toBe("string");
      expect(updated.body.result.data.json).toBeUndefined();

      const history = await query("contact.history", { id: contact.id }, key);
      expect(history.body.result.data.items[0].actor).toMatchObject({ type: "api_key", name: "http test" });
    });

    it("a key only sees its own workspace: another workspace's contact is NOT_FOUND", async () => {
      const a = await workspace();
      const b = await workspace();
      const res = await query("contact.get", { id: b.contact.id }, a.key);
      expectError(res, 404, "NOT_FOUND");
      expectNothingAbout(res, b.contact);
      const write = await mutation("contact.update", { id: b.contact.id, data: { firstName: "X" } }, a.key);
      expectError(write, 404, "NOT_FOUND");
      expect((await b.caller.contact.get({ id: b.contact.id })).version).toBe(1);
    });

    it("stores API keys only as hashes", async () => {
      const { ws, key, keyId } = await workspace();
      const rows = await queryRows<Record<string, unknown>>(
        conn.db,
        sql`select * from api_keys where workspace_id = ${ws.id}`,
      );
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      expect(row.id).toBe(keyId);
      expect(row.key_hash).toBe(apiKeyHash(key));
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      const secret = key.slice(`ck_${ws.id}_`.length);
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(key);
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice(0, 12));
    });
  });

  describe("what one request may cost", () => {
    /** A batched query: `contact.get,contact.list?batch=1&input={"0":…,"1":…}`. */
    function batchQuery(calls: [string, unknown][], key: string) {
      const input = Object.fromEntries(calls.map(([, i], n) => [n, i]));
      const path = calls.map(([p]) => p).join(",");
      return send(
        new Request(
          `${ORIGIN}${ENDPOINT}/${path}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
          {
            headers: auth(key),
          },
        ),
      );
    }

    it(`a batch holds ${BATCH_CALLS_MAX} calls; one more is a 400 naming the limit, and nothing runs`, async () => {
      const { key, contact } = await workspace();
      const gets = (n: number) =>
        Array.from({ length: n }, (): [string, unknown] => ["contact.get", { id: contact.id }]);
      const atLimit = await batchQuery(gets(BATCH_CALLS_MAX), key);
      expect(atLimit.status).toBe(200);
      expect(atLimit.body).toHaveLength(BATCH_CALLS_MAX);
      const over = await batchQuery(gets(BATCH_CALLS_MAX + 1), key);
      expectError(over, 400, "BAD_REQUEST");
      expect(over.body.error.message).toContain(`at most ${BATCH_CALLS_MAX} calls`);
      expectNothingAbout(over, contact);
      // The measured attack: 480 list calls in one GET (over a socket Node itself may refuse its
      // 16 kB of headers first, with 431).
      const lists = Array.from({ length: 480 }, (): [string, unknown] => ["contact.list", {}]);
      const attack = await batchQuery(lists, key);
      expect([400, 431]).toContain(attack.status);
      if (attack.status === 400)
        expect(attack.body.error.message).toContain(`at most ${BATCH_CALLS_MAX} calls`);
    });

    it(`the calls of a batch hold ${BATCH_ITEMS_MAX} items together; one more is a 400`, async () => {
      const { key, contact, caller } = await workspace();
      const pages = (limit: number) =>
        Array.from({ length: BATCH_CALLS_MAX }, (): [string, unknown] => ["contact.list", { limit }]);
      // 20 pages of 50 = 1000 rows at most.
      expect((await batchQuery(pages(BATCH_ITEMS_MAX / BATCH_CALLS_MAX), key)).status).toBe(200);
      const onePageMore = pages(BATCH_ITEMS_MAX / BATCH_CALLS_MAX);
      onePageMore[0] = ["contact.list", { limit: BATCH_ITEMS_MAX / BATCH_CALLS_MAX + 1 }];
      const over = await batchQuery(onePageMore, key);
      expectError(over, 400, "BAD_REQUEST");
      expect(over.body.error.message).toContain(`at most ${BATCH_ITEMS_MAX} items`);
      expect(over.body.error.message).toContain(`holds ${BATCH_ITEMS_MAX + 1}`);

      // Two full batchUpdates are 1000 items; a third call on top is one too many, and nothing is written.
      const items = Array.from({ length: BATCH_UPDATE_MAX }, () => ({
        id: contact.id,
        data: { strategy: "bulk" },
      }));
      const input = { 0: { items }, 1: { items }, 2: { firstName: "Extra" } };
      const res = await send(
        new Request(`${ORIGIN}${ENDPOINT}/contact.batchUpdate,contact.batchUpdate,contact.create?batch=1`, {
          method: "POST",
          headers: { "content-type": "application/json", ...auth(key) },
          body: JSON.stringify(input),
        }),
      );
      expectError(res, 400, "BAD_REQUEST");
      expect(res.body.error.message).toContain(`holds ${2 * BATCH_UPDATE_MAX + 1}`);
      expect((await caller.contact.get({ id: contact.id })).version).toBe(1);
    });

    it("a request without valid credentials is refused before its body is read", async () => {
      const { contact } = await workspace();
      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1;
          if (pulled > 64) controller.close();
          else controller.enqueue(new Uint8Array(64 * 1024));
        },
      });
      const res = await send(
        new Request(`${ORIGIN}${ENDPOINT}/contact.update`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer ck_not-a-key" },
          body,
          duplex: "half",
        } as RequestInit),
      );
      expectError(res, 401, "UNAUTHORIZED");
      expectNothingAbout(res, contact);
      // In process nothing past what the stream offers up front is pulled; over a socket the
      // server answers without reading and closes the connection.
      if (way === "fetch handler") expect(pulled).toBeLessThanOrEqual(1);
    });

    it("a broken % escape in the path is a 400, not a 500", async () => {
      const { key } = await workspace();
      for (const path of ["contact.get%E0%A4%A", "contact.%", "%ZZ"]) {
        const res = await send(
          new Request(`${ORIGIN}${ENDPOINT}/${path}?input=%7B%7D`, { headers: auth(key) }),
        );
        expectError(res, 400, "BAD_REQUEST");
        expect(res.body.error.message).toContain("Malformed procedure path");
      }
    });
  });

  describe("errors on the wire", () => {
    it("a validation error is 400 with data.issues of full paths, and no stack", async () => {
      const { key, contact, caller } = await workspace();
      const acme = await caller.company.create({ name: "Acme" });
      const unknownCompany = await mutation(
        "contact.update",
        {
          id: contact.id,
          data: {
            connections: [
              { company: { kind: "existing", id: acme.id }, primary: true },
              { company: { kind: "existing", id: "no-such-company" } },
            ],
          },
        },
        key,
      );
      expectError(unknownCompany, 400, "BAD_REQUEST");
      expect(unknownCompany.body.error.data.issues).toEqual([
        { path: ["data", "connections", 1, "company", "id"], message: expect.any(String) },
      ]);

      const duplicateCompany = await mutation(
        "contact.update",
        {
          id: contact.id,
          data: {
            connections: [
              { company: { kind: "existing", id: acme.id }, primary: true },
              { company: { kind: "existing", id: acme.id } },
            ],
          },
        },
        key,
      );
      expectError(duplicateCompany, 400, "BAD_REQUEST");
      expect(duplicateCompany.body.error.data.issues).toContainEqual({
        path: ["data", "connections", 1, "company", "id"],
        message: expect.any(String),
      });

      const typo = await mutation("contact.update", { id: contact.id, data: { bogus: 1 } }, key);
      expectError(typo, 400, "BAD_REQUEST");
      expect(typo.body.error.data.issues).toEqual([
        { path: ["data", "bogus"], message: expect.stringContaining("bogus") },
      ]);
      expect(typo.body.error.message).toContain("bogus");

      for (const res of [unknownCompany, duplicateCompany, typo]) {
        for (const issue of res.body.error.data.issues)
          expect(Object.keys(issue).sort()).toEqual(["message", "path"]);
        expect(JSON.stringify(res.body)).not.toContain("stack");
      }
      expect((await caller.contact.get({ id: contact.id })).version).toBe(1);
    });

    it("NOT_FOUND is 404, CONFLICT is 409 with the holder's id", async () => {
      const { key, contact, caller } = await workspace();
      expectError(await query("contact.get", { id: "missing" }, key), 404, "NOT_FOUND");
      expectError(
        await mutation("contact.update", { id: "missing", data: { firstName: "X" } }, key),
        404,
        "NOT_FOUND",
      );

      const stale = await mutation(
        "contact.update",
        { id: contact.id, data: { firstName: "X" }, expectedVersion: 7 },
        key,
      );
      expectError(stale, 409, "CONFLICT");
      expect(stale.body.error.data.issues).toBeUndefined();

      const holder = await caller.contact.create({
        lastName: "Holder",
        externalRefs: [{ namespace: "crm", id: "1" }],
      });
      const taken = await mutation(
        "contact.update",
        { id: contact.id, data: { externalRefs: [{ namespace: "CRM", id: "1" }] } },
        key,
      );
      expectError(taken, 409, "CONFLICT");
      expect(taken.body.error.message).toContain(holder.id);
      expect(taken.body.error.data.details).toMatchObject({ contactId: holder.id });
      expect((await caller.contact.get({ id: contact.id })).version).toBe(1);
    });

    it("a 1 MB firstName is 400, not echoed, and nothing is written", async () => {
      const { key, contact, caller } = await workspace();
      const huge = "x".repeat(1024 * 1024);
      const res = await mutation(
        "contact.update",
        { id: contact.id, data: { firstName: huge, lastName: "Ok" } },
        key,
      );
      expectError(res, 400, "BAD_REQUEST");
      expect(res.body.error.data.issues).toEqual([
        { path: ["data", "firstName"], message: expect.any(String) },
      ]);
      expect(res.text.length).toBeLessThan(10_000);
      expect(await caller.contact.get({ id: contact.id })).toEqual(contact);
      expect((await caller.contact.history({ id: contact.id })).items).toHaveLength(1);

      const created = await mutation("contact.create", { firstName: huge }, key);
      expectError(created, 400, "BAD_REQUEST");
      expect((await caller.contact.list({})).items).toHaveLength(1);
    });

    it("a body over the limit is 413, with or without a Content-Length", async () => {
      const { key, contact, caller } = await workspace();
      const big = JSON.stringify({ id: contact.id, data: { strategy: "y".repeat(5 * 1024 * 1024) } });
      expect(big.length).toBeGreaterThan(MAX_BODY_BYTES);
      const declared = await mutation("contact.update", big, key, { "content-length": String(big.length) });
      expectError(declared, 413, "PAYLOAD_TOO_LARGE");
      const undeclared = await mutation("contact.update", big, key);
      expectError(undeclared, 413, "PAYLOAD_TOO_LARGE");

      // Streamed in chunks with no length: cut off once past the limit.
      const chunk = new TextEncoder().encode("z".repeat(64 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > 2 * MAX_BODY_BYTES) controller.close();
          else {
            sent += chunk.byteLength;
            controller.enqueue(chunk);
          }
        },
      });
      const streamed = await send(
        new Request(`${ORIGIN}${ENDPOINT}/contact.update`, {
          method: "POST",
          headers: { "content-type": "application/json", ...auth(key) },
          body: stream,
          duplex: "half",
        } as RequestInit),
      );
      expectError(streamed, 413, "PAYLOAD_TOO_LARGE");
      // In process, reading stops at the limit. Over a socket the client may still push what the
      // kernel's buffers take, but the server keeps none of it and closes the connection.
      if (way === "fetch handler") expect(sent).toBeLessThan(2 * MAX_BODY_BYTES);
      expect((await caller.contact.get({ id: contact.id })).version).toBe(1);
    });

    it("bad input of any kind is a 4xx with a message, never a 5xx", async () => {
      const { key, contact, caller } = await workspace();
      const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
      const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
      const bodies: [string, string][] = [
        ["invalid JSON", '{"id": "x", "data": {'],
        ["not JSON at all", "firstName=Ada"],
        ["empty body", ""],
        ["JSON null", "null"],
        ["an array", "[1,2,3]"],
        ["10,000 nested arrays", `{"id":"${contact.id}","data":{"firstName":${nested(10_000)}}}`],
        ["10,000 nested arrays in a list", `{"id":"${contact.id}","data":{"tags":${nested(10_000)}}}`],
        ["500,000 nested arrays", `{"id":"${contact.id}","data":{"connections":${nested(500_000)}}}`],
        [
          "10,000 nested objects under an unknown key",
          `{"id":"${contact.id}","data":{"bogus":${nestedObject(10_000)}}}`,
        ],
        [
          "10,000 nested objects as a company",
          `{"id":"${contact.id}","data":{"connections":[{"company":${nestedObject(10_000)}}]}}`,
        ],
        [
          "wrong types everywhere",
          JSON.stringify({
            id: 5,
            data: {
              firstName: 3,
              lastName: ["x"],
              email: false,
              phone: 46701234567,
              linkedInUrl: {},
              primaryLanguage: 1,
              profilePictureId: "7",
              strategy: [],
              blocked: "yes",
              tags: "vip",
              connections: { company: "acme" },
              externalRefs: [1],
            },
            expectedVersion: "1",
          }),
        ],
        ["a number where the input object goes", "42"],
        [
          "out-of-range numbers",
          JSON.stringify({ id: contact.id, data: { profilePictureId: 2 ** 31 }, expectedVersion: 1.5 }),
        ],
        ["__proto__ key", `{"id":"${contact.id}","data":{"__proto__":{"firstName":"Polluted"}}}`],
      ];
      const outcomes: Record<string, number> = {};
      for (const [name, body] of bodies) {
        const res = await mutation("contact.update", body, key);
        outcomes[name] = res.status;
        if (res.status >= 400) {
          expect(res.body?.error?.message, name).toEqual(expect.any(String));
          expect(res.body.error.message.length, name).toBeGreaterThan(0);
        }
      }
      // Every case is a client error.
      for (const [name, status] of Object.entries(outcomes)) {
        expect({ name, status: status >= 400 && status < 500 }).toEqual({ name, status: true });
      }
      expect(outcomes["wrong types everywhere"]).toBe(400);
      const wrong = await mutation(
        "contact.update",
        bodies.find(([n]) => n === "wrong types everywhere")![1],
        key,
      );
      const paths = wrong.body.error.data.issues.map((i: { path: unknown[] }) => i.path.join("."));
      for (const path of [
        "id",
        "data.firstName",
        "data.blocked",
        "data.tags",
        "data.connections",
        "expectedVersion",
      ]) {
        expect(paths).toContain(path);
      }
      expect(await caller.contact.get({ id: contact.id })).toEqual(contact);
    });

    it("text PostgreSQL cannot store (NUL, unpaired surrogates) is a 400 pointing at it, not a 500", async () => {
      const { key, contact, caller } = await workspace();
      const cases: [string, string, (string | number)[]][] = [
        ["contact.update", `{"id":"${contact.id}","data":{"firstName":"a\\u0000b"}}`, ["data", "firstName"]],
        ["contact.update", `{"id":"${contact.id}","data":{"lastName":"\\ud800"}}`, ["data", "lastName"]],
        ["contact.update", `{"id":"${contact.id}","data":{"strategy":"x\\udc00y"}}`, ["data", "strategy"]],
        ["contact.update", `{"id":"${contact.id}","data":{"tags":["ok","\\u0000"]}}`, ["data", "tags", 1]],
        [
          "contact.update",
          `{"id":"${contact.id}","data":{"externalRefs":[{"namespace":"crm","id":"\\ud83d"}]}}`,
          ["data", "externalRefs", 0, "id"],
        ],
        ["contact.create", `{"firstName":"Ok","strategy":"\\u0000"}`, ["strategy"]],
        ["company.create", `{"name":"\\u0000"}`, ["name"]],
      ];
      for (const [procedure, body, path] of cases) {
        const res = await mutation(procedure, body, key);
        expectError(res, 400, "BAD_REQUEST");
        expect(res.body.error.data.issues).toEqual([{ path, message: expect.any(String) }]);
      }
      for (const [procedure, input, path] of [
        ["contact.get", { id: "\u0000" }, ["id"]],
        ["contact.list", { search: "a\u0000" }, ["search"]],
        ["contact.list", { tags: ["\ud800"] }, ["tags", 0]],
        ["contact.findByExternalRef", { namespace: "crm", id: "\u0000" }, ["id"]],
        ["contact.history", { id: contact.id, cursor: "\u0000" }, ["cursor"]],
      ] as const) {
        const res = await query(procedure, input, key);
        expectError(res, 400, "BAD_REQUEST");
        expect(res.body.error.data.issues).toEqual([{ path, message: expect.any(String) }]);
      }
      // A well-formed pair (an emoji) is fine.
      const emoji = await mutation(
        "contact.update",
        { id: contact.id, data: { strategy: "Growth \u{1F680}" } },
        key,
      );
      expect(emoji.status).toBe(200);
      expect(emoji.body.result.data.strategy).toBe("Growth \u{1F680}");
      // Without credentials it is still a 401, whatever the input.
      expectError(await query("contact.get", { id: "\u0000" }), 401, "UNAUTHORIZED");
      expect((await caller.contact.list({})).items).toHaveLength(1);
      expect((await caller.company.list({})).items).toHaveLength(0);
    });

    it("wrong method or unknown procedure is a 4xx", async () => {
      const { key, contact } = await workspace();
      const getMutation = await query("contact.update", { id: contact.id, data: { firstName: "X" } }, key);
      expect(getMutation.status).toBeGreaterThanOrEqual(400);
      expect(getMutation.status).toBeLessThan(500);
      const postQuery = await mutation("contact.get", { id: contact.id }, key);
      expect(postQuery.status).toBeGreaterThanOrEqual(400);
      expect(postQuery.status).toBeLessThan(500);
      expectError(await query("contact.nope", { id: contact.id }, key), 404, "NOT_FOUND");
      expectError(await mutation("nope", {}, key), 404, "NOT_FOUND");
      const put = await send(
        new Request(`${ORIGIN}${ENDPOINT}/contact.update`, { method: "PUT", headers: auth(key), body: "{}" }),
      );
      expect(put.status).toBeGreaterThanOrEqual(400);
      expect(put.status).toBeLessThan(500);
      const badQuery = await send(
        new Request(`${ORIGIN}${ENDPOINT}/contact.get?input=%7Bnot-json`, { headers: auth(key) }),
      );
      expect(badQuery.status).toBe(400);
    });

    it("an internal failure is a bare 500: no SQL, no driver words, no stack", async () => {
      const { key, contact } = await workspace();
      const failure = () =>
        Promise.reject(
          Object.assign(new Error('syntax error at or near "select" in insert into contacts (postgres)'), {
            code: "42601",
            stack: "Error: select\n    at query (/app/node_modules/postgres/src/connection.js:1:1)",
          }),
        );
      // The database answers the key lookup, then fails on the contact's statement.
      const failingDb = new Proxy(conn.db, {
        get: (target, prop) => (prop === "execute" ? failure : Reflect.get(target, prop)),
      }) as Database;
      const res = await query("contact.get", { id: contact.id }, key, { getDb: async () => failingDb });
      expectError(res, 500, "INTERNAL_SERVER_ERROR");
      expect(res.body.error.message).toBe("Internal server error");

      // The database cannot even be reached: unavailable, to be retried, not our bug.
      const down = await query("contact.get", { id: contact.id }, key, {
        getDb: failure as () => Promise<Database>,
      });
      expectError(down, 503, "SERVICE_UNAVAILABLE");
      expect(down.body.error.message).toBe("The database is unavailable; retry shortly");
    });
  });
});

describe("through the node:http server only", () => {
  beforeAll(() => {
    wayIn = "node:http server";
  });

  /** A raw request, for what fetch refuses to send. */
  function rawRequest(method: string, path: string, headers: Record<string, string>) {
    return new Promise<{ status: number; body: string; allow?: string }>((resolve, reject) => {
      const req = request(`${serverOrigin}${path}`, { method, headers }, (res) => {
        let body = "";
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, allow: res.headers.allow }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("a method tRPC does not serve is a 405 naming the allowed ones, not a 500", async () => {
    const { key } = await workspace();
    serverOptions = { endpoint: ENDPOINT, getDb: async () => conn.db };
    for (const method of ["TRACE", "PUT", "DELETE", "OPTIONS", "PATCH"]) {
      const res = await rawRequest(method, `${ENDPOINT}/contact.update`, { authorization: `Bearer ${key}` });
      expect({ method, status: res.status, allow: res.allow }).toEqual({
        method,
        status: 405,
        allow: "GET, POST",
      });
      expect(JSON.parse(res.body).error.data).toMatchObject({
        code: "METHOD_NOT_SUPPORTED",
        path: "contact.update",
      });
    }
  });

  it("a client that leaves in the middle of its body costs nothing and changes nothing", async () => {
    const { key, contact, caller } = await workspace();
    serverOptions = { endpoint: ENDPOINT, getDb: async () => conn.db };
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write(
          `POST ${ENDPOINT}/contact.update HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
            `Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"id":"${contact.id}","data":{`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
      socket.on("error", reject);
    });
    const after = await mutation("contact.update", { id: contact.id, data: { strategy: "after" } }, key);
    expect(after.status).toBe(200);
    expect((await caller.contact.get({ id: contact.id })).version).toBe(2);
  });
});
