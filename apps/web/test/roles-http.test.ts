// @vitest-environment node
import { randomUUID } from "node:crypto";
import { createSignInThrottle, createUser } from "@contacts/api";
import { handleTrpcRequest } from "@contacts/api/http";
import { type ApiKeyScope, ROLE_SCOPES, type Role, TRPC_ENDPOINT } from "@contacts/contracts";
import { type DbConnection, queryRows } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptInviteWithPassword } from "@/server/accept-invite";
import { type Auth, actorOfSession, createAuth } from "@/server/auth";
import { CLIENT_ADDRESS_HEADER, trustClientAddressHeader } from "@/server/client-address";

/**
 * Roles over HTTP with real session cookies (docs/api.md §6.19), like workspace isolation:
 * each role signs in through better-auth's route and calls the tRPC endpoint with the cookie
 * it got; every procedure its role's scopes lack answers 403 MISSING_SCOPE and writes nothing.
 * Also: a changed role holds at the next call, a removed user's cookie stops working, a
 * password change signs out the other sessions, and an accepted invite signs the new user in.
 */
const ORIGIN = "http://localhost:3000";
const PASSWORD = "correct horse battery staple";

let conn: DbConnection;
let auth: Auth;
beforeAll(async () => {
  conn = await openTestDb();
  trustClientAddressHeader();
  auth = createAuth(conn.db, {
    signInThrottle: createSignInThrottle({
      maxFailuresPerEmail: 50,
      maxFailuresPerIp: 500,
      windowMinutes: 15,
    }),
  });
}, 180_000);
afterAll(() => conn?.close());

const freshIp = () => `10.9.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`;

/** Signs in through better-auth's route; the cookie header a browser would send back. */
async function signIn(email: string, password = PASSWORD): Promise<{ status: number; cookie: string }> {
  const res = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, [CLIENT_ADDRESS_HEADER]: freshIp() },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { status: res.status, cookie };
}

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the parsed JSON body, asserted field by field.
  body: any;
}

/** One tRPC call as the browser makes it: GET for queries, POST for mutations, the cookie. */
async function call(
  cookie: string,
  procedure: string,
  input: unknown,
  kind: "query" | "mutation",
): Promise<Answer> {
  const qs =
    kind === "query" && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : "";
  const res = await handleTrpcRequest(
    new Request(`${ORIGIN}${TRPC_ENDPOINT}/${procedure}${qs}`, {
      method: kind === "query" ? "GET" : "POST",
      headers: { cookie, "content-type": "application/json", origin: ORIGIN },
      ...(kind === "query" ? {} : { body: JSON.stringify(input ?? null) }),
    }),
    {
      endpoint: TRPC_ENDPOINT,
      getDb: async () => conn.db,
      authenticateSession: (headers) => actorOfSession(auth, headers),
    },
  );
  return { status: res.status, body: await res.json() };
}

/** A workspace with a contact and a company, and one signed-in person of each role. */
async function workspace() {
  const ws = await createTestWorkspace(conn, "Roles");
  const people = {} as Record<Role, { id: string; email: string; cookie: string }>;
  for (const role of ["admin", "member", "read_only"] as const) {
    const email = `${role}-${randomUUID()}@example.com`;
    const user = await createUser(conn.db, ws.id, { email, password: PASSWORD, role, name: `The ${role}` });
    const { cookie } = await signIn(email);
    expect(cookie, role).toMatch(/session_token=/);
    people[role] = { id: user.id, email, cookie };
  }
  const admin = people.admin.cookie;
  const contact = (await call(admin, "contact.create", { firstName: "Astrid", tags: ["lp"] }, "mutation"))
    .body.result.data;
  const company = (await call(admin, "company.create", { name: "Harbour Funds" }, "mutation")).body.result
    .data;
  return { ws, people, contact, company };
}

/** Everything a write could touch in a workspace, to show a refused one touched nothing. */
async function stateOf(workspaceId: string) {
  const [row] = await queryRows<Record<string, number>>(
    conn.db,
    sql`select
      (select count(*)::int from contacts where workspace_id = ${workspaceId} and deleted_at is null) as contacts,
      (select coalesce(sum(version), 0)::int from contacts where workspace_id = ${workspaceId}) as versions,
      (select count(*)::int from contact_history where workspace_id = ${workspaceId}) as history,
      (select count(*)::int from companies where workspace_id = ${workspaceId}) as companies,
      (select count(*)::int from api_keys where workspace_id = ${workspaceId}) as keys,
      (select count(*)::int from webhook_endpoints where workspace_id = ${workspaceId}) as webhooks,
      (select count(*)::int from invites where workspace_id = ${workspaceId}) as invites,
      (select string_agg(role, ',' order by role) from users where workspace_id = ${workspaceId}) as roles`,
  );
  return row;
}

type Workspace = Awaited<ReturnType<typeof workspace>>;

/** A call of each kind of procedure, the scope it needs, and whether it writes. */
function callsOf({ contact, company, people }: Workspace) {
  const q = (scope: ApiKeyScope, input?: unknown) => ({ scope, input, kind: "query" as const });
  const m = (scope: ApiKeyScope, input?: unknown) => ({ scope, input, kind: "mutation" as const });
  return {
    "contact.get": q("contacts:read", { id: contact.id }),
    "contact.list": q("contacts:read", {}),
    "contact.history": q("contacts:read", { id: contact.id }),
    "company.list": q("companies:read", {}),
    "company.get": q("companies:read", { id: company.id }),
    "contact.update": m("contacts:write", { id: contact.id, data: { lastName: "Changed" } }),
    "contact.create": m("contacts:write", { firstName: "New" }),
    "contact.batchUpdate": m("contacts:write", {
      items: [{ id: contact.id, data: { lastName: "Batched" } }],
    }),
    "contact.upsertByExternalRef": m("contacts:write", {
      namespace: "crm",
      id: "x-1",
      data: { firstName: "Up" },
    }),
    "contact.delete": m("contacts:write", { id: contact.id }),
    "company.create": m("companies:write", { name: "New Co" }),
    "apiKey.list": q("api_keys:manage"),
    "apiKey.create": m("api_keys:manage", { name: "minted", scopes: ["contacts:read"] }),
    "webhook.list": q("webhooks:manage"),
    "webhook.create": m("webhooks:manage", {
      url: "https://hooks.example.com/in",
      events: ["contact.updated"],
    }),
    "user.list": q("users:manage"),
    "user.listInvites": q("users:manage"),
    "user.invite": m("users:manage", { role: "member" }),
    "user.setRole": m("users:manage", { id: people.member.id, role: "read_only" }),
    "user.remove": m("users:manage", { id: people.member.id }),
  };
}

describe("each role over HTTP with its session cookie", () => {
  for (const role of ["read_only", "member"] as const) {
    it(`${role}: every procedure beyond the role answers 403 MISSING_SCOPE and writes nothing`, async () => {
      const ws = await workspace();
      const cookie = ws.people[role].cookie;
      const before = await stateOf(ws.ws.id);
      const refused: string[] = [];
      for (const [procedure, { scope, input, kind }] of Object.entries(callsOf(ws))) {
        if (ROLE_SCOPES[role].includes(scope)) continue;
        const answer = await call(cookie, procedure, input, kind);
        expect({ status: answer.status, data: answer.body.error?.data }, procedure).toMatchObject({
          status: 403,
          data: { code: "FORBIDDEN", reason: "MISSING_SCOPE", details: { scope } },
        });
        expect(answer.body.error.message, procedure).toBe(
          `Your role "${role}" lacks the scope "${scope}"; ask an admin of your workspace`,
        );
        refused.push(procedure);
      }
      expect(await stateOf(ws.ws.id)).toEqual(before);
      if (role === "read_only") {
        expect(refused).toEqual(
          expect.arrayContaining(["contact.update", "contact.create", "contact.batchUpdate"]),
        );
      } else {
        expect(refused.sort()).toEqual(
          [
            "apiKey.create",
            "apiKey.list",
            "user.invite",
            "user.list",
            "user.listInvites",
            "user.remove",
            "user.setRole",
            "webhook.create",
            "webhook.list",
          ].sort(),
        );
      }
    });
  }

  it("every role gets past the check for what its scopes allow (writes last, the removal at the very end)", async () => {
    for (const role of ["read_only", "member", "admin"] as const) {
      const ws = await workspace();
      const cookie = ws.people[role].cookie;
      const calls = Object.entries(callsOf(ws)).filter(([, c]) => ROLE_SCOPES[role].includes(c.scope));
      calls.sort(([a, x], [b, y]) =>
        x.kind === y.kind
          ? Number(a === "user.remove") - Number(b === "user.remove")
          : x.kind === "query"
            ? -1
            : 1,
      );
      for (const [procedure, { input, kind }] of calls) {
        const answer = await call(cookie, procedure, input, kind);
        // Past the role's check: answered (a webhook URL this sandbox cannot resolve is its own 400).
        expect([401, 403], `${role} ${procedure}: ${JSON.stringify(answer.body.error?.data)}`).not.toContain(
          answer.status,
        );
      }
      const me = await call(cookie, "user.me", undefined, "query");
      expect(me.body.result.data).toMatchObject({ role, scopes: [...ROLE_SCOPES[role]] });
    }
  });

  it("a changed role holds at the next call; a removed user's cookie signs in no more", async () => {
    const ws = await workspace();
    const { admin, member } = ws.people;
    const update = { id: ws.contact.id, data: { lastName: "Member wrote" } };
    expect((await call(member.cookie, "contact.update", update, "mutation")).status).toBe(200);
    await call(admin.cookie, "user.setRole", { id: member.id, role: "read_only" }, "mutation");
    expect((await call(member.cookie, "contact.update", update, "mutation")).body.error.data.reason).toBe(
      "MISSING_SCOPE",
    );
    await call(admin.cookie, "user.remove", { id: member.id }, "mutation");
    const gone = await call(member.cookie, "contact.list", {}, "query");
    expect(gone.status).toBe(401);
    expect((await signIn(member.email)).status).toBe(401);
  });
});

describe("passwords and sessions", () => {
  it("after a password change the old password fails and the other sessions are signed out", async () => {
    const ws = await workspace();
    const { member } = ws.people;
    const laptop = (await signIn(member.email)).cookie;
    expect((await call(laptop, "user.me", undefined, "query")).status).toBe(200);

    const wrong = await call(
      member.cookie,
      "user.changePassword",
      { currentPassword: "not it at all", newPassword: "a brand new password" },
      "mutation",
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.data).toMatchObject({
      reason: "WRONG_PASSWORD",
      issues: [{ path: ["currentPassword"] }],
    });

    const changed = await call(
      member.cookie,
      "user.changePassword",
      { currentPassword: PASSWORD, newPassword: "a brand new password" },
      "mutation",
    );
    expect(changed.body.result.data).toEqual({ signedOut: 1 });
    expect((await call(member.cookie, "user.me", undefined, "query")).status).toBe(200);
    expect((await call(laptop, "user.me", undefined, "query")).status).toBe(401);
    expect((await signIn(member.email)).status).toBe(401);
    expect((await signIn(member.email, "a brand new password")).status).toBe(200);
  });

  it("signOutOtherSessions keeps the calling session only", async () => {
    const ws = await workspace();
    const { read_only: reader } = ws.people;
    const phone = (await signIn(reader.email)).cookie;
    const answer = await call(reader.cookie, "user.signOutOtherSessions", undefined, "mutation");
    expect(answer.body.result.data).toEqual({ signedOut: 1 });
    expect((await call(phone, "user.me", undefined, "query")).status).toBe(401);
    expect((await call(reader.cookie, "user.me", undefined, "query")).status).toBe(200);
  });
});

describe("accepting an invite (the invite page's action)", () => {
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };
  const headers = () => new Headers({ origin: ORIGIN, [CLIENT_ADDRESS_HEADER]: freshIp() });
  const throttle = createSignInThrottle({ maxFailuresPerEmail: 50, maxFailuresPerIp: 50, windowMinutes: 15 });

  it("makes the user with the invite's role, signs them in once, and refuses the link again", async () => {
    const ws = await workspace();
    const invite = (await call(ws.people.admin.cookie, "user.invite", { role: "read_only" }, "mutation")).body
      .result.data;
    const email = `invited-${randomUUID()}@example.com`;
    const fields = { name: "Ivy Invited", email, password: PASSWORD };
    const accepted = await acceptInviteWithPassword(
      auth,
      conn.db,
      invite.token,
      form(fields),
      headers(),
      throttle,
    );
    expect(accepted).toMatchObject({ done: true, error: null });
    const { status, cookie } = await signIn(email);
    expect(status).toBe(200);
    expect((await call(cookie, "user.me", undefined, "query")).body.result.data).toMatchObject({
      name: "Ivy Invited",
      role: "read_only",
    });

    const again = await acceptInviteWithPassword(
      auth,
      conn.db,
      invite.token,
      form({ ...fields, email: `again-${email}` }),
      headers(),
      throttle,
    );
    expect(again).toMatchObject({ done: false, error: "This invite link was already used" });
    const bad = await acceptInviteWithPassword(
      auth,
      conn.db,
      invite.token,
      form({ name: "", email: "nope", password: "short" }),
      headers(),
      throttle,
    );
    expect(bad.fieldErrors).toEqual({
      name: expect.any(String),
      email: "Not a valid email address",
      password: "At least 8 characters",
    });
  });

  it("is throttled per client address like sign-in", async () => {
    const tight = createSignInThrottle({ maxFailuresPerEmail: 100, maxFailuresPerIp: 2, windowMinutes: 15 });
    const ip = freshIp();
    const h = () => new Headers({ origin: ORIGIN, [CLIENT_ADDRESS_HEADER]: ip });
    const guess = (i: number) =>
      acceptInviteWithPassword(
        auth,
        conn.db,
        `inv_guess${i}`,
        form({ name: "Guess", email: `guess-${i}-${randomUUID()}@example.com`, password: PASSWORD }),
        h(),
        tight,
      );
    expect((await guess(1)).error).toContain("not valid");
    expect((await guess(2)).error).toContain("not valid");
    expect((await guess(3)).error).toMatch(/too many/i);
  });
});
