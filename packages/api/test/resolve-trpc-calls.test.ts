import { BATCH_CALLS_MAX } from "@contacts/contracts";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { databaseResponseMeta } from "../src/http/database-error-response";
import { resolveTrpcCalls } from "../src/http/resolve-trpc-calls";
import { appRouter } from "../src/root";
import { type Context, createContextInner } from "../src/trpc";
import { useHarness } from "./support/harness";

/**
 * The direct resolver (resolve-trpc-calls.ts) answers what tRPC's fetch adapter answers, byte
 * for byte: status, headers and body, on successes, errors of every kind and batches; and it
 * hands back (runs nothing) whatever only the adapter serves or refuses.
 */
const h = useHarness();
const ORIGIN = "http://contacts.test/api/trpc";

interface Call {
  method: "GET" | "POST";
  /** Path after /api/trpc/, e.g. "contact.get" or "contact.get,contact.list". */
  path: string;
  batch?: boolean;
  input?: unknown;
  /** The raw body, when not the JSON of `input`. */
  body?: string;
  headers?: Record<string, string>;
}

function urlOf(call: Call): URL {
  const url = new URL(`${ORIGIN}/${call.path}`);
  if (call.batch) url.searchParams.set("batch", "1");
  if (call.method === "GET" && call.input !== undefined)
    url.searchParams.set("input", JSON.stringify(call.input));
  return url;
}

function headersOf(call: Call): Headers {
  return new Headers({
    ...(call.method === "POST" ? { "content-type": "application/json" } : {}),
    ...call.headers,
  });
}

function bodyOf(call: Call): string | undefined {
  if (call.method !== "POST") return undefined;
  return call.body ?? (call.input === undefined ? "" : JSON.stringify(call.input));
}

interface Wire {
  status: number;
  headers: Record<string, string>;
  text: string;
}

async function viaAdapter(call: Call, ctx: Context): Promise<Wire> {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(urlOf(call), { method: call.method, headers: headersOf(call), body: bodyOf(call) }),
    router: appRouter,
    maxBatchSize: BATCH_CALLS_MAX,
    createContext: () => ctx,
    responseMeta: databaseResponseMeta,
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text: await response.text(),
  };
}

async function direct(call: Call, ctx: Context): Promise<Wire | undefined> {
  const procedures = call.batch ? call.path.split(",") : [call.path];
  const answer = await resolveTrpcCalls(
    {
      method: call.method,
      headers: headersOf(call),
      procedures,
      batch: call.batch ?? false,
      url: urlOf(call),
      body: new TextEncoder().encode(bodyOf(call) ?? ""),
    },
    ctx,
    () => {},
  );
  return answer && { status: answer.status, headers: Object.fromEntries(answer.headers), text: answer.text };
}

async function setup(scopes: Actor["scopes"] = "all") {
  const { ws } = await h.workspace();
  const actor: Actor = { workspaceId: ws.id, type: "api_key", id: `key-${ws.id}`, name: "test key", scopes };
  const ctx = createContextInner({ db: h.db, actor });
  const caller = appRouter.createCaller(createContextInner({ db: h.db, actor: { ...actor, scopes: "all" } }));
  return { ctx, caller };
}

/** Replaces what differs between two runs of the same write (ids, times) by placeholders. */
const normalize = (text: string, ids: Record<string, string>) => {
  let out = text;
  for (const [id, name] of Object.entries(ids)) out = out.replaceAll(id, name);
  return out.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>");
};

describe("the direct resolver answers as tRPC's adapter", () => {
  it("on queries, their errors and batches of them", async () => {
    const { ctx, caller } = await setup();
    const ada = await caller.contact.create({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
    });
    const missing = "00000000-0000-7000-8000-000000000000";
    const calls: Call[] = [
      { method: "GET", path: "contact.get", input: { id: ada.id } },
      { method: "GET", path: "contact.get", input: { id: missing } },
      { method: "GET", path: "contact.get", input: { id: "not-a-uuid" } },
      { method: "GET", path: "contact.get" },
      { method: "GET", path: "contact.list", input: { search: "ada" } },
      { method: "GET", path: "contact.list", input: { limit: 0 } },
      {
        method: "GET",
        path: "contact.get,contact.get,contact.list",
        batch: true,
        input: { 0: { id: ada.id }, 1: { id: missing }, 2: {} },
      },
      {
        method: "GET",
        path: "contact.get,contact.get",
        batch: true,
        input: { 0: { id: ada.id }, 1: { id: ada.id } },
      },
      { method: "GET", path: "contact.get,contact.get", batch: true, input: { 0: { id: missing } } },
      { method: "GET", path: "contact.get", batch: true },
    ];
    for (const call of calls) {
      const reference = await viaAdapter(call, ctx);
      expect(await direct(call, ctx), JSON.stringify(call)).toEqual(reference);
    }
  });

  it("on mutations: the same write, its validation errors, conflicts and missing scopes", async () => {
    const { ctx, caller } = await setup();
    const a = await caller.contact.create({ firstName: "Grace", lastName: "Hopper" });
    const b = await caller.contact.create({ firstName: "Grace", lastName: "Hopper" });
    const patch = (id: string) => ({
      id,
      data: { email: "grace@example.com", tags: ["navy", "cobol"], phone: "+1 202 555 0100" },
    });
    const reference = await viaAdapter({ method: "POST", path: "contact.update", input: patch(a.id) }, ctx);
    const answer = await direct({ method: "POST", path: "contact.update", input: patch(b.id) }, ctx);
    expect(reference.status).toBe(200);
    expect(answer && { ...answer, text: normalize(answer.text, { [b.id]: "<id>" }) }).toEqual({
      ...reference,
      text: normalize(reference.text, { [a.id]: "<id>" }),
    });

    const refusals: Call[] = [
      { method: "POST", path: "contact.update", input: { id: a.id, data: { email: "not an email" } } },
      {
        method: "POST",
        path: "contact.update",
        input: { id: a.id, expectedVersion: 1, data: { strategy: "x" } },
      },
      { method: "POST", path: "contact.update", input: { id: a.id, data: { firstName: "\u0000" } } },
      { method: "POST", path: "contact.update", input: null },
      {
        method: "POST",
        path: "contact.update,contact.update",
        batch: true,
        input: { 0: { id: a.id, data: { phone: "12" } }, 1: { id: b.id, expectedVersion: 99, data: {} } },
      },
    ];
    for (const call of refusals) {
      const expected = await viaAdapter(call, ctx);
      expect(expected.status, JSON.stringify(call)).not.toBe(200);
      expect(await direct(call, ctx), JSON.stringify(call)).toEqual(expected);
    }

    const readOnly = await setup(["contacts:read"]);
    const forbidden: Call = { method: "POST", path: "contact.update", input: patch(a.id) };
    const expected = await viaAdapter(forbidden, readOnly.ctx);
    expect(expected.status).toBe(403);
    expect(await direct(forbidden, readOnly.ctx)).toEqual(expected);
  });

  it("hands back, having run nothing, what only tRPC's adapter serves or refuses", async () => {
    const { ctx, caller } = await setup();
    const c = await caller.contact.create({ firstName: "Alan", lastName: "Turing" });
    const write = { id: c.id, data: { strategy: "changed" } };
    const handedBack: Call[] = [
      { method: "GET", path: "contact.update", input: write },
      { method: "POST", path: "contact.get", input: { id: c.id } },
      { method: "POST", path: "contact.nope", input: {} },
      { method: "POST", path: "contact.update", body: "{not json" },
      { method: "POST", path: "contact.update", body: "" },
      { method: "POST", path: "contact.update", input: write, headers: { "content-type": "text/plain" } },
      {
        method: "POST",
        path: "contact.update",
        batch: true,
        input: { 0: write },
        headers: { "trpc-accept": "application/jsonl" },
      },
      { method: "POST", path: "contact.update", batch: true, input: [write] },
      { method: "GET", path: "contact.watch", input: { id: c.id } },
      {
        method: "POST",
        path: "contact.update,contact.get",
        batch: true,
        input: { 0: write, 1: { id: c.id } },
      },
    ];
    for (const call of handedBack) expect(await direct(call, ctx), JSON.stringify(call)).toBeUndefined();
    expect((await caller.contact.get({ id: c.id })).version).toBe(c.version);
  });
});
