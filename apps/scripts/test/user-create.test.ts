import { createWorkspace, verifyPassword } from "@contacts/api";
import { findCredentialAccount, findUserByEmail } from "@contacts/db";
import { beforeAll, describe, expect, it } from "vitest";
import { hasStack, runCli, type Target, uniqueSlug, useTarget, withDb } from "./support/harness";

/** Runs `user create` as an operator would, with `stdin` piped in. */
const runUserCreate = (args: string[], target: Target, stdin: string) =>
  runCli(["user", "create", ...args], target, { stdin });

const target = useTarget();
const slug = uniqueSlug("users");
beforeAll(() => withDb(target, (db) => createWorkspace(db, { slug, name: "Users IR" })));

describe("user create", () => {
  const email = `${uniqueSlug("ada")}@example.com`;

  it("creates a user whose password (read from stdin) verifies, in the named workspace", async () => {
    const result = await runUserCreate(
      ["--email", email.toUpperCase(), "--password-stdin", "--name", "Ada Lovelace", "--workspace", slug],
      target,
      "correct horse battery\n",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^Created user \\S+ \\(${email}, "Ada Lovelace", admin\\) in workspace ${slug}`),
    );
    expect(result.stdout).not.toContain("correct horse");

    const { user, account } = await withDb(target, async (db) => {
      const user = await findUserByEmail(db, email);
      const account = await findCredentialAccount(db, user?.id ?? "");
      return { user, account };
    });
    // Without --role an operator's user is an admin: they bootstrap the workspace.
    expect(user).toMatchObject({ email, name: "Ada Lovelace", role: "admin" });
    expect(account).toMatchObject({
      providerId: "credential",
      accountId: user?.id,
      workspaceId: user?.workspaceId,
    });
    expect(account?.password).not.toContain("correct horse");
    expect(await verifyPassword({ hash: account?.password ?? "", password: "correct horse battery" })).toBe(
      true,
    );
    expect(await verifyPassword({ hash: account?.password ?? "", password: "wrong horse battery" })).toBe(
      false,
    );
  });

  it("refuses the same email again, clearly", async () => {
    const result = await runUserCreate(
      ["--email", email, "--password-stdin", "--workspace", slug],
      target,
      "another password\n",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`A user with email ${email} already exists.`);
    expect(hasStack(result.stderr)).toBe(false);
  });

  it("never takes the password as an argument, and checks it like the contract does", async () => {
    const missing = await runUserCreate(["--email", "x@example.com", "--workspace", slug], target, "");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Missing --password-stdin");

    const short = await runUserCreate(
      ["--email", "y@example.com", "--password-stdin", "--workspace", slug],
      target,
      "short\n",
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("password (stdin): At least 8 characters");

    const badEmail = await runUserCreate(
      ["--email", "not-an-email", "--password-stdin", "--workspace", slug],
      target,
      "long enough pw\n",
    );
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain("--email: Not a valid email address");
  });

  it("gives the user the --role asked for, and names the roles when it is unknown", async () => {
    const reader = `${uniqueSlug("reader")}@example.com`;
    const made = await runUserCreate(
      ["--email", reader, "--password-stdin", "--role", "read_only", "--workspace", slug],
      target,
      "long enough pw\n",
    );
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(", read_only) in workspace");
    expect(await withDb(target, (db) => findUserByEmail(db, reader))).toMatchObject({ role: "read_only" });

    const bad = await runUserCreate(
      [
        "--email",
        `${uniqueSlug("bad")}@example.com`,
        "--password-stdin",
        "--role",
        "owner",
        "--workspace",
        slug,
      ],
      target,
      "long enough pw\n",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--role: Unknown role "owner"; expected one of admin, member, read_only');
  });
});
