import type { DbConnection } from "@contacts/db";
import { openTestDb } from "@contacts/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../src/rest/openapi-document";
import { OpenApiClient } from "./support/openapi-client";
import { type RestServer, startRestServer } from "./support/rest-server";

/**
 * What REST adds on top of the procedures, over real HTTP (the node:http way in, as server.ts
 * serves API keys), every call checked against the OpenAPI document: merge-patch semantics,
 * ETag and If-Match, problem+json with JSON Pointers, media types, auth, idempotency, limits.
 */

let conn: DbConnection;
let server: RestServer;
beforeAll(async () => {
  conn = await openTestDb();
  server = await startRestServer(conn, "node:http server");
});
afterAll(async () => {
  await server?.close();
  await conn?.close();
});

async function client() {
  const { apiKey } = await server.workspaceWithKey();
  const api = new OpenApiClient(openApiDocument(), () => server.url, { authorization: `Bearer ${apiKey}` });
  const create = async (body: Record<string, unknown>) => {
    const res = await api.call("POST", "/api/v1/contacts", { body });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number } & Record<string, unknown>;
  };
  const patch = (id: string, body: unknown, headers: Record<string, string> = {}, breaksContract = false) =>
    api.call("PATCH", "/api/v1/contacts/{id}", {
      params: { id },
      body,
      headers,
      contentType: "application/merge-patch+json",
      breaksContract,
    });
  const get = (id: string) => api.call("GET", "/api/v1/contacts/{id}", { params: { id } });
  const history = async (id: string) =>
    (await api.call("GET", "/api/v1/contacts/{id}/history", { params: { id } })).body.items as unknown[];
  return { api, apiKey, create, patch, get, history };
}

describe("PATCH is a JSON merge patch with the seed's semantics", () => {
  it("omitted stays, null clears, lists are replaced whole", async () => {
    const { create, patch } = await client();
    const c = await create({
      firstName: "Ada",
      lastName: "Lovelace",
      phone: "+46 70 123 45 67",
      tags: ["a", "b"],
    });
    const res = await patch(c.id, { lastName: null, tags: ["c"] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      firstName: "Ada",
      lastName: null,
      phone: "+46701234567",
      tags: ["c"],
      version: 2,
    });
    expect((await patch(c.id, { tags: null })).body.tags).toEqual([]);
  });

  it("takes application/json too, and nothing else (415, nothing written)", async () => {
    const { api, create, get } = await client();
    const c = await create({ firstName: "Ada" });
    const json = await api.call("PATCH", "/api/v1/contacts/{id}", {
      params: { id: c.id },
      body: { lastName: "L" },
    });
    expect(json.status).toBe(200);
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded"]) {
      const refused = await api.call("PATCH", "/api/v1/contacts/{id}", {
        params: { id: c.id },
        rawBody: JSON.stringify({ lastName: "X" }),
        contentType,
        breaksContract: true,
      });
      expect(refused.status).toBe(415);
      expect(refused.body).toMatchObject({
        type: "https://contacts.dev/problems/unsupported-media-type",
        reason: "UNSUPPORTED_MEDIA_TYPE",
      });
    }
    expect((await get(c.id)).body.lastName).toBe("L");
  });

  it("a body that is not JSON is a 400 INVALID_JSON", async () => {
    const { api, create } = await client();
    const c = await create({ firstName: "Ada" });
    const res = await api.call("PATCH", "/api/v1/contacts/{id}", {
      params: { id: c.id },
      rawBody: "{not json",
      contentType: "application/merge-patch+json",
      breaksContract: true,
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ reason: "INVALID_JSON", status: 400, title: "Invalid json" });
  });
});

describe("ETag and If-Match", () => {
  it("a matching If-Match writes; a stale one is 412 and writes nothing; none is last write wins", async () => {
    const { create, patch, get, history } = await client();
    const c = await create({ firstName: "Ada" });
    const ok = await patch(c.id, { lastName: "A" }, { "if-match": '"1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBe('"2"');

    const before = await history(c.id);
    const stale = await patch(c.id, { lastName: "B" }, { "if-match": '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      type: "https://contacts.dev/problems/stale-version",
      title: "Stale version",
      status: 412,
      reason: "STALE_VERSION",
      code: "PRECONDITION_FAILED",
      details: { currentVersion: 2 },
      instance: `/api/v1/contacts/${c.id}`,
    });
    expect((await get(c.id)).body).toMatchObject({ lastName: "A", version: 2 });
    expect(await history(c.id)).toEqual(before);

    const anyVersion = await patch(c.id, { lastName: "C" }, { "if-match": "*" });
    expect(anyVersion.body.version).toBe(3);
    const blind = await patch(c.id, { lastName: "D" });
    expect(blind.body).toMatchObject({ lastName: "D", version: 4 });
    expect(blind.headers.get("etag")).toBe('"4"');
  });

  it("a malformed If-Match is a 400 naming the header, and writes nothing", async () => {
    const { create, patch, get } = await client();
    const c = await create({ firstName: "Ada" });
    for (const ifMatch of ["1", 'W/"1"', '"1", "2"', '"0"', '"abc"', '"99999999999"']) {
      const res = await patch(c.id, { lastName: "X" }, { "if-match": ifMatch });
      expect(res.status, ifMatch).toBe(400);
      expect(res.body).toMatchObject({ reason: "INVALID_IF_MATCH", errors: [{ header: "If-Match" }] });
    }
    expect((await get(c.id)).body).toMatchObject({ lastName: null, version: 1 });
  });
});

describe("problem+json", () => {
  it("points at a nested field with a JSON Pointer, and escapes ~ and / in keys", async () => {
    const { api, create, patch } = await client();
    const company = (await api.call("POST", "/api/v1/companies", { body: { name: "Acme" } })).body;
    const c = await create({ firstName: "Ada" });
    const res = await patch(c.id, {
      connections: [
        { company: { kind: "existing", id: company.id }, primary: true },
        { company: { kind: "existing", id: "not-a-company" } },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toMatchObject({
      type: "https://contacts.dev/problems/unknown-company",
      reason: "UNKNOWN_COMPANY",
      errors: [{ pointer: "/connections/1/company/id", detail: expect.any(String) }],
    });
    expect(res.body.detail).toMatch(/^\/connections\/1\/company\/id: /);

    const typo = await patch(c.id, { "a/b~c": 1, email: "nope" }, {}, true);
    expect(typo.status).toBe(400);
    expect(typo.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: "/a~1b~0c", detail: 'Unknown field "a/b~c"' },
        { pointer: "/email", detail: expect.any(String) },
      ]),
    );
  });

  it("query parameters: a bad value and an unknown name are 400s naming the parameter", async () => {
    const { api } = await client();
    const bad = await api.call("GET", "/api/v1/contacts", { query: { limit: "500" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ parameter: "limit", detail: "At most 200" }]);
    const notBool = await api.call("GET", "/api/v1/contacts", { query: { blocked: "yes" } });
    expect(notBool.body.errors).toEqual([{ parameter: "blocked", detail: expect.any(String) }]);
    const unknown = await api.call("GET", "/api/v1/contacts", {
      query: { serch: "a" },
      breaksContract: true,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ parameter: "serch", detail: 'Unknown query parameter "serch"' }]);
  });

  it("401 without valid credentials, saying nothing of the data; 404 for another workspace's contact", async () => {
    const { create } = await client();
    const c = await create({ firstName: "Ada" });
    for (const authorization of [undefined, "Bearer ck_nope", "Basic abc"]) {
      const res = await fetch(`${server.url}/api/v1/contacts/${c.id}`, {
        headers: authorization ? { authorization } : {},
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = await res.json();
      expect(body).toMatchObject({ status: 401, reason: "UNAUTHENTICATED" });
      expect(JSON.stringify(body)).not.toContain("Ada");
    }
    const other = await client();
    const res = await other.get(c.id);
    expect(res.status).toBe(404);
    expect(res.body.reason).toBe("CONTACT_NOT_FOUND");
  });

  it("an unknown route is a 404, a method a route lacks is a 405 with Allow", async () => {
    const { apiKey } = await client();
    const headers = { authorization: `Bearer ${apiKey}` };
    const none = await fetch(`${server.url}/api/v1/contacs`, { headers });
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ reason: "ROUTE_NOT_FOUND" });
    const del = await fetch(`${server.url}/api/v1/contacts/abc`, { method: "DELETE", headers });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET, PATCH");
    const broken = await fetch(`${server.url}/api/v1/contacts/%E0%A4%A`, { headers });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ reason: "MALFORMED_PATH" });
  });

  it("a body over 4 MiB is 413 before it is parsed", async () => {
    const { api } = await client();
    const res = await api.call("POST", "/api/v1/contacts", {
      rawBody: JSON.stringify({ firstName: "A", strategy: "x".repeat(4 * 1024 * 1024) }),
      breaksContract: true,
    });
    expect(res.status).toBe(413);
    expect(res.body.reason).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("the change feed over REST", () => {
  it("pages through every change in order and resumes from the cursor it hands out", async () => {
    const { api, create, patch } = await client();
    const c = await create({ firstName: "Ada" });
    await patch(c.id, { lastName: "L" });
    const first = await api.call("GET", "/api/v1/changes", { query: { limit: "1" } });
    expect(first.body).toMatchObject({
      hasMore: true,
      items: [{ type: "contact.created", contactId: c.id, version: 1 }],
    });
    const rest = await api.call("GET", "/api/v1/changes", { query: { after: first.body.cursor } });
    expect(rest.body).toMatchObject({
      hasMore: false,
      items: [{ type: "contact.updated", version: 2, changes: { lastName: { from: null, to: "L" } } }],
    });
    const idle = await api.call("GET", "/api/v1/changes", { query: { after: rest.body.cursor } });
    expect(idle.body).toEqual({ items: [], cursor: rest.body.cursor, hasMore: false });
    const bad = await api.call("GET", "/api/v1/changes", { query: { after: "-1" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { parameter: "after", detail: "Not a feed cursor this API handed out" },
    ]);
  });
});

describe("Idempotency-Key over REST", () => {
  it("a retry gets the first answer again, headers included, and writes nothing", async () => {
    const { api } = await client();
    const send = (body: unknown) =>
      api.call("POST", "/api/v1/contacts", { body, headers: { "idempotency-key": "import-42" } });
    const first = await send({ firstName: "Ada" });
    const retry = await send({ firstName: "Ada" });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("etag")).toBe('"1"');
    expect(retry.headers.get("location")).toBe(first.headers.get("location"));
    const list = await api.call("GET", "/api/v1/contacts");
    expect(list.body.items).toHaveLength(1);

    const reused = await send({ firstName: "Bea" });
    expect(reused.status).toBe(409);
    expect(reused.body.reason).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("the key is bound to the path and If-Match: the same body for another contact is another request", async () => {
    const { api, create } = await client();
    const [a, b] = [await create({ firstName: "A" }), await create({ firstName: "B" })];
    const patchWith = (id: string, ifMatch?: string) =>
      api.call("PATCH", "/api/v1/contacts/{id}", {
        params: { id },
        body: { tags: ["x"] },
        headers: { "idempotency-key": "sync-7", ...(ifMatch ? { "if-match": ifMatch } : {}) },
      });
    expect((await patchWith(a.id)).status).toBe(200);
    const replayed = await patchWith(a.id);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(replayed.headers.get("etag")).toBe('"2"');
    expect((await patchWith(b.id)).body.reason).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((await patchWith(a.id, '"2"')).body.reason).toBe("IDEMPOTENCY_KEY_REUSED");
    const stored412 = await api.call("PATCH", "/api/v1/contacts/{id}", {
      params: { id: b.id },
      body: { tags: ["y"] },
      headers: { "idempotency-key": "sync-8", "if-match": '"5"' },
    });
    const replayed412 = await api.call("PATCH", "/api/v1/contacts/{id}", {
      params: { id: b.id },
      body: { tags: ["y"] },
      headers: { "idempotency-key": "sync-8", "if-match": '"5"' },
    });
    expect([stored412.status, replayed412.status]).toEqual([412, 412]);
    expect(replayed412.headers.get("content-type")).toBe("application/problem+json");
    expect(replayed412.body).toEqual(stored412.body);
  });
});
