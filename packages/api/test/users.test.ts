import { randomUUID } from "node:crypto";
import { ROLE_SCOPES, type Role } from "@contacts/contracts";
import { findCredentialAccount, queryRows, schema } from "@contacts/db";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { createSignInThrottle } from "../src/rate-limit/sign-in-throttle";
import { createCaller } from "../src/root";
import { acceptInvite, createInvite } from "../src/services/users/invites";
import { changePassword } from "../src/services/users/own-account";
import { verifyPassword } from "../src/services/users/password";
import { personActor } from "../src/services/users/person-actor";
import { createUser } from "../src/services/users/users";
import { createContextInner } from "../src/trpc";
import { useHarness } from "./support/harness";

/**
 * Users of a workspace (docs/api.md §6.19): invites accepted once, roles changed with one
 * admin always kept, users removed with their sessions, passwords changed with the other
 * sessions ended; and another workspace's users and invites behave as ids that do not exist.
 * Which procedures each role may call over HTTP is apps/web/test/roles-http.test.ts.
 */

const h = useHarness();
const PASSWORD = "correct horse battery";

/** What a caller's failure was: the tRPC code, the reason and the issue paths. */
async function failure(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  const cause = (err as TRPCError).cause as { reason?: string; issues?: { path: unknown[] }[] } | undefined;
  return {
    code: (err as TRPCError).code,
    reason: cause?.reason,
    message: (err as TRPCError).message,
    paths: cause?.issues?.map((i) => i.path),
  };
}

/** A workspace with an admin, and a way to add people of any role, each with a caller. */
async function team() {
  const { ws } = await h.workspace("Team IR");
  const person = async (role: Role, name: string = role) => {
    const user = await createUser(h.db, ws.id, {
      email: `${name.replace(/\W/g, "")}-${randomUUID()}@example.com`,
      name,
      password: PASSWORD,
      role,
    });
    const sessionId = await addSession(ws.id, user.id);
    const actor = personActor({ ...user, workspaceId: ws.id }, sessionId);
    return { user, actor, caller: createCaller(createContextInner({ db: h.db, actor })) };
  };
  const admin = await person("admin", "Ada Admin");
  return { ws, admin, person };
}

/** A session row as better-auth writes it at sign-in. */
async function addSession(workspaceId: string, userId: string): Promise<string> {
  const id = randomUUID();
  await h.db.insert(schema.sessions).values({
    workspaceId,
    id,
    userId,
    token: randomUUID(),
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  return id;
}

const sessionIdsOf = async (workspaceId: string, userId: string) =>
  (
    await queryRows<{ id: string }>(
      h.db,
      sql`select id from sessions where workspace_id = ${workspaceId} and user_id = ${userId} order by id`,
    )
  ).map((r) => r.id);

describe("roles", () => {
  it("each role's actor carries the role's scopes, and user.me tells the role", async () => {
    const { admin, person } = await team();
    const reader = await person("read_only");
    const member = await person("member");
    expect(admin.actor.scopes).toEqual(ROLE_SCOPES.admin);
    expect(await reader.caller.user.me()).toMatchObject({
      id: reader.user.id,
      role: "read_only",
      scopes: ["contacts:read", "companies:read"],
    });
    expect((await member.caller.user.me()).scopes).toEqual([
      "contacts:read",
      "contacts:write",
      "companies:read",
      "companies:write",
    ]);
    expect((await admin.caller.user.me()).role).toBe("admin");
  });

  it("an admin lists the workspace's users with their roles and changes a role", async () => {
    const { admin, person } = await team();
    const member = await person("member", "Max Member");
    const { items } = await admin.caller.user.list();
    expect(items.map((u) => [u.name, u.role])).toEqual([
      ["Ada Admin", "admin"],
      ["Max Member", "member"],
    ]);
    expect(await admin.caller.user.setRole({ id: member.user.id, role: "read_only" })).toMatchObject({
      id: member.user.id,
      role: "read_only",
    });
    // The next call of that person holds the new role (the web app reads it with the session).
    expect((await member.caller.user.me()).role).toBe("read_only");
  });

  it("an unknown role is a 400 naming the field", async () => {
    const { admin, person } = await team();
    const member = await person("member");
    const bad = await failure(admin.caller.user.setRole({ id: member.user.id, role: "owner" as Role }));
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
    expect((await failure(admin.caller.user.invite({ role: "root" as Role }))).code).toBe("BAD_REQUEST");
  });
});

describe("the last admin", () => {
  it("cannot be demoted or removed (409 LAST_ADMIN), and nothing changes", async () => {
    const { ws, admin } = await team();
    const demote = await failure(admin.caller.user.setRole({ id: admin.user.id, role: "member" }));
    expect(demote).toMatchObject({ code: "CONFLICT", reason: "LAST_ADMIN" });
    expect(demote.message).toContain("last admin");
    // An API key holding users:manage meets the same rule.
    const key: Actor = {
      workspaceId: ws.id,
      type: "api_key",
      id: "k1",
      name: "ops",
      scopes: ["users:manage"],
    };
    const byKey = createCaller(createContextInner({ db: h.db, actor: key }));
    expect(await failure(byKey.user.remove({ id: admin.user.id }))).toMatchObject({
      code: "CONFLICT",
      reason: "LAST_ADMIN",
    });
    expect((await admin.caller.user.me()).role).toBe("admin");
  });

  it("can step down once another admin exists; two admins demoting each other at once keep one", async () => {
    const { admin, person } = await team();
    const second = await person("admin", "Bea Admin");
    const results = await Promise.allSettled([
      admin.caller.user.setRole({ id: second.user.id, role: "member" }),
      second.caller.user.setRole({ id: admin.user.id, role: "member" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const roles = (await (results[0]?.status === "fulfilled" ? admin : second).caller.user.list()).items.map(
      (u) => u.role,
    );
    expect(roles.filter((r) => r === "admin")).toHaveLength(1);
  });

  it("nobody removes themselves (409 CANNOT_REMOVE_SELF)", async () => {
    const { admin, person } = await team();
    await person("admin");
    expect(await failure(admin.caller.user.remove({ id: admin.user.id }))).toMatchObject({
      code: "CONFLICT",
      reason: "CANNOT_REMOVE_SELF",
    });
  });
});

describe("removing a user", () => {
  it("deletes them with their sessions and password; they can no longer call", async () => {
    const { ws, admin, person } = await team();
    const member = await person("member");
    await addSession(ws.id, member.user.id);
    expect(await admin.caller.user.remove({ id: member.user.id })).toEqual({ id: member.user.id });
    expect(await sessionIdsOf(ws.id, member.user.id)).toEqual([]);
    expect(await findCredentialAccount(h.db, member.user.id)).toBeNull();
    expect((await admin.caller.user.list()).items.map((u) => u.id)).toEqual([admin.user.id]);
    expect(await failure(member.caller.user.me())).toMatchObject({
      code: "NOT_FOUND",
      reason: "USER_NOT_FOUND",
    });
  });
});

describe("invites", () => {
  it("an invite is shown once, listed without its token, accepted once into its workspace and role", async () => {
    const { ws, admin } = await team();
    const invite = await admin.caller.user.invite({ role: "read_only" });
    expect(invite.token).toMatch(/^inv_[A-Za-z0-9_-]{43}$/);
    expect(invite.invitePath).toBe(`/invite/${invite.token}`);
    const days = (Date.parse(invite.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const listed = await admin.caller.user.listInvites();
    expect(listed.items).toEqual([
      {
        id: invite.id,
        role: "read_only",
        invitedBy: { id: admin.user.id, name: "Ada Admin" },
        createdAt: expect.any(String),
        expiresAt: invite.expiresAt,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(invite.token);
    const [stored] = await queryRows<{ token_hash: string }>(
      h.db,
      sql`select token_hash from invites where workspace_id = ${ws.id}`,
    );
    expect(stored?.token_hash).not.toContain(invite.token.slice(4));

    const email = `reader-${randomUUID()}@example.com`;
    const user = await acceptInvite(h.db, {
      token: invite.token,
      name: "Rita Reader",
      email,
      password: PASSWORD,
    });
    expect(user).toMatchObject({ workspaceId: ws.id, email, name: "Rita Reader", role: "read_only" });
    const account = await findCredentialAccount(h.db, user.id);
    expect(await verifyPassword({ hash: account?.password ?? "", password: PASSWORD })).toBe(true);
    // Accepted: no longer pending, and the token is spent.
    expect((await admin.caller.user.listInvites()).items).toEqual([]);
    const again = await failure(
      acceptInvite(h.db, {
        token: invite.token,
        name: "Again",
        email: `x-${email}`,
        password: PASSWORD,
      }).catch((e) => Promise.reject(new TRPCError({ code: "BAD_REQUEST", cause: e }))),
    );
    expect(again).toMatchObject({ reason: "INVITE_INVALID", paths: [["token"]] });
    expect(again.message).toBe("token: This invite link was already used");
  });

  const rejected = (promise: Promise<unknown>) =>
    failure(promise.catch((e) => Promise.reject(new TRPCError({ code: "BAD_REQUEST", cause: e }))));

  it("an expired, revoked or unknown invite is a 400 at token and makes nobody", async () => {
    const { ws, admin } = await team();
    const accept = (token: string, now?: Date) =>
      acceptInvite(
        h.db,
        { token, name: "Late", email: `late-${randomUUID()}@example.com`, password: PASSWORD },
        now,
      );
    const old = await createInvite(
      h.db,
      admin.actor,
      { role: "member" },
      new Date(Date.now() - 8 * 86_400_000),
    );
    expect((await rejected(accept(old.token))).message).toBe(
      "token: This invite link has expired; ask for a new one",
    );
    // Expired invites are not listed as pending.
    expect((await admin.caller.user.listInvites()).items).toEqual([]);

    const revoked = await admin.caller.user.invite({ role: "member" });
    expect(await admin.caller.user.revokeInvite({ id: revoked.id })).toEqual({ id: revoked.id });
    expect(await rejected(accept(revoked.token))).toMatchObject({
      reason: "INVITE_INVALID",
      paths: [["token"]],
    });
    expect(await rejected(accept("inv_nope"))).toMatchObject({ reason: "INVITE_INVALID" });
    expect((await admin.caller.user.list()).items).toHaveLength(1);
    // Revoking twice: it is no longer pending.
    expect(await failure(admin.caller.user.revokeInvite({ id: revoked.id }))).toMatchObject({
      code: "NOT_FOUND",
      reason: "INVITE_NOT_FOUND",
    });
    expect(ws.id).toBeTruthy();
  });

  it("an email already taken is a 409 and leaves the invite usable", async () => {
    const { admin } = await team();
    const invite = await admin.caller.user.invite({ role: "member" });
    const taken = (await admin.caller.user.me()).email;
    expect(
      await rejected(
        acceptInvite(h.db, { token: invite.token, name: "Dup", email: taken, password: PASSWORD }),
      ),
    ).toMatchObject({ reason: "USER_EMAIL_TAKEN" });
    const ok = await acceptInvite(h.db, {
      token: invite.token,
      name: "Fresh",
      email: `fresh-${randomUUID()}@example.com`,
      password: PASSWORD,
    });
    expect(ok.role).toBe("member");
  });

  it("the same token sent twice at once makes exactly one user", async () => {
    const { admin } = await team();
    const invite = await admin.caller.user.invite({ role: "member" });
    const results = await Promise.allSettled(
      [1, 2].map((i) =>
        acceptInvite(h.db, {
          token: invite.token,
          name: `Twin ${i}`,
          email: `twin-${i}-${randomUUID()}@example.com`,
          password: PASSWORD,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await admin.caller.user.list()).items).toHaveLength(2);
  });
});

describe("workspace isolation of users", () => {
  it("another workspace's users and invites are invisible and NOT_FOUND", async () => {
    const mine = await team();
    const theirs = await team();
    const theirMember = await theirs.person("member");
    const theirInvite = await theirs.admin.caller.user.invite({ role: "member" });

    const ids = (await mine.admin.caller.user.list()).items.map((u) => u.id);
    expect(ids).toEqual([mine.admin.user.id]);
    expect((await mine.admin.caller.user.listInvites()).items).toEqual([]);
    // One call at a time: calls made up front reject while the first is awaited, unhandled.
    for (const attempt of [
      () => mine.admin.caller.user.setRole({ id: theirMember.user.id, role: "read_only" }),
      () => mine.admin.caller.user.remove({ id: theirMember.user.id }),
      () => mine.admin.caller.user.setRole({ id: "no-such-user", role: "read_only" }),
    ]) {
      expect(await failure(attempt())).toMatchObject({ code: "NOT_FOUND", reason: "USER_NOT_FOUND" });
    }
    expect(await failure(mine.admin.caller.user.revokeInvite({ id: theirInvite.id }))).toMatchObject({
      code: "NOT_FOUND",
      reason: "INVITE_NOT_FOUND",
    });
    // Nothing of theirs changed.
    expect((await theirMember.caller.user.me()).role).toBe("member");
    expect((await theirs.admin.caller.user.listInvites()).items.map((i) => i.id)).toEqual([theirInvite.id]);
  });
});

describe("a person's own account", () => {
  it("a wrong current password is a 400 at currentPassword, and changes nothing", async () => {
    const { ws, person } = await team();
    const member = await person("member");
    const other = await addSession(ws.id, member.user.id);
    const wrong = await failure(
      member.caller.user.changePassword({
        currentPassword: "not my password",
        newPassword: "brand new password",
      }),
    );
    expect(wrong).toMatchObject({
      code: "BAD_REQUEST",
      reason: "WRONG_PASSWORD",
      paths: [["currentPassword"]],
    });
    expect(await sessionIdsOf(ws.id, member.user.id)).toContain(other);
    const account = await findCredentialAccount(h.db, member.user.id);
    expect(await verifyPassword({ hash: account?.password ?? "", password: PASSWORD })).toBe(true);
    const short = await failure(
      member.caller.user.changePassword({ currentPassword: PASSWORD, newPassword: "short" }),
    );
    expect(short).toMatchObject({ code: "BAD_REQUEST", paths: [["newPassword"]] });
  });

  it("changing the password ends the other sessions and keeps this one; the old password fails", async () => {
    const { ws, person } = await team();
    const reader = await person("read_only");
    await addSession(ws.id, reader.user.id);
    await addSession(ws.id, reader.user.id);
    expect(
      await reader.caller.user.changePassword({
        currentPassword: PASSWORD,
        newPassword: "brand new password",
      }),
    ).toEqual({ signedOut: 2 });
    expect(await sessionIdsOf(ws.id, reader.user.id)).toEqual([reader.actor.sessionId]);
    const account = await findCredentialAccount(h.db, reader.user.id);
    expect(await verifyPassword({ hash: account?.password ?? "", password: PASSWORD })).toBe(false);
    expect(await verifyPassword({ hash: account?.password ?? "", password: "brand new password" })).toBe(
      true,
    );
  });

  it("wrong current passwords count as failed sign-ins of the email: then even the right one waits (429)", async () => {
    const { person } = await team();
    const member = await person("member");
    const throttle = createSignInThrottle({
      maxFailuresPerEmail: 2,
      maxFailuresPerIp: 100,
      windowMinutes: 15,
    });
    const attempt = (currentPassword: string) =>
      changePassword(
        h.db,
        member.actor,
        { currentPassword, newPassword: "brand new password" },
        throttle,
      ).catch((e: unknown) => e);
    expect(await attempt("wrong one")).toMatchObject({ reason: "WRONG_PASSWORD" });
    expect(await attempt("wrong two")).toMatchObject({ reason: "WRONG_PASSWORD" });
    const refused = await attempt(PASSWORD);
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
    expect((refused as Error).message).toMatch(/Too many failed sign-ins/);
    const account = await findCredentialAccount(h.db, member.user.id);
    expect(await verifyPassword({ hash: account?.password ?? "", password: PASSWORD })).toBe(true);
  });

  it("signs out the other sessions only", async () => {
    const { ws, person, admin } = await team();
    const member = await person("member");
    await addSession(ws.id, member.user.id);
    const adminSessions = await sessionIdsOf(ws.id, admin.user.id);
    expect(await member.caller.user.signOutOtherSessions()).toEqual({ signedOut: 1 });
    expect(await sessionIdsOf(ws.id, member.user.id)).toEqual([member.actor.sessionId]);
    expect(await sessionIdsOf(ws.id, admin.user.id)).toEqual(adminSessions);
  });
});
