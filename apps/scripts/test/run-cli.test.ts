import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../src/run-cli";

// Routing, argument checks and help, in-process: none of these reach the database, and a
// child process per case would cost a second each. usage-exit-codes.test.ts runs a few as real processes.
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  const code = await runCli(args);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}
afterEach(() => {
  vi.restoreAllMocks();
});

describe("bad arguments exit 2 with the error and the usage on stderr", () => {
  it.each([
    { args: [], error: /Missing <command>/, usage: /Usage: pnpm scripts <command>/ },
    { args: ["bogus"], error: /Unknown command "bogus"/, usage: /Usage: pnpm scripts <command>/ },
    { args: ["help", "bogus"], error: /Unknown command "bogus"/, usage: /Usage: pnpm scripts <command>/ },
    {
      args: ["api-key"],
      error: /Missing what to do: api-key create\|list\|revoke/,
      usage: /api-key revoke <id>/,
    },
    {
      args: ["api-key", "rotate"],
      error: /Unknown command "api-key rotate"/,
      usage: /api-key create --name/,
    },
    { args: ["api-key", "create"], error: /Missing --name <name>/, usage: /api-key create --name/ },
    {
      args: ["api-key", "create", "--name"],
      error: /--name <value>' argument missing/,
      usage: /api-key create/,
    },
    {
      args: ["api-key", "create", "--name", " "],
      error: /--name: Must not be empty/,
      usage: /api-key create/,
    },
    {
      args: ["api-key", "create", "--name", "ci", "--workspace", "Not A Slug"],
      error: /--workspace: 2–63 chars/,
      usage: /api-key create/,
    },
    {
      args: ["workspace", "create", "--slug", "Bad Slug", "--name", ""],
      error: /error: --slug: 2–63 chars[\s\S]*error: --name: Must not be empty/,
      usage: /workspace create --slug <slug> --name <name>/,
    },
    {
      args: ["workspace", "create", "--name", "Acme"],
      error: /Missing --slug <slug>/,
      usage: /workspace create/,
    },
    { args: ["api-key", "revoke"], error: /Missing <id>/, usage: /api-key revoke <id>/ },
    { args: ["api-key", "revoke", "a", "b"], error: /Expected one <id>/, usage: /api-key revoke <id>/ },
    { args: ["api-key", "list", "--all"], error: /Unknown option '--all'/, usage: /api-key list/ },
    { args: ["workspace", "list", "extra"], error: /Unexpected argument 'extra'/, usage: /workspace list/ },
    { args: ["db", "seed", "--force"], error: /Unknown option '--force'/, usage: /db seed/ },
  ])("$args", async ({ args, error, usage }) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(error);
    expect(result.stderr).toMatch(usage);
  });
});

describe("help prints usage on stdout and exits 0", () => {
  const commands = [
    "workspace create",
    "workspace list",
    "api-key create",
    "api-key list",
    "api-key revoke",
    "db migrate",
    "db seed",
  ];

  it.each([["help"], ["--help"], ["-h"]])("%s lists every command", async (flag) => {
    const result = await run([flag]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^Usage: pnpm scripts <command> \[options\]/);
    for (const name of [...commands, "help"]) expect(result.stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
  });

  it.each(commands)("%s --help, -h and help %s", async (name) => {
    const words = name.split(" ");
    for (const args of [
      [...words, "--help"],
      [...words, "-h"],
      ["help", ...words],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout).toMatch(new RegExp(`^Usage: pnpm scripts ${name}`));
    }
  });

  it.each(["workspace", "api-key", "db"])("%s --help lists its commands", async (group) => {
    const result = await run([group, "--help"]);
    expect(result.code).toBe(0);
    for (const name of commands.filter((c) => c.startsWith(`${group} `))) {
      expect(result.stdout).toContain(`pnpm scripts ${name}`);
    }
  });

  it("--help wins over other arguments, but not after --", async () => {
    expect((await run(["api-key", "create", "--name", "x", "--help"])).stdout).toMatch(
      /^Usage: pnpm scripts api-key create/,
    );
    const afterDashes = await run(["api-key", "revoke", "--", "--help", "extra"]);
    expect(afterDashes.code).toBe(2);
    expect(afterDashes.stderr).toMatch(/Expected one <id>/);
  });
});
