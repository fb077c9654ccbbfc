import { existsSync } from "node:fs";
import { expect, it } from "vitest";
import { hasStack, runCli, useTarget } from "./support/harness";

// The exit codes and streams as a real process shows them (run-cli.test.ts covers every case
// in-process). None of these may open the database: the folder must not even be created.
const target = useTarget({
  empty: true,
  after: ({ dataDir }) => expect(existsSync(dataDir)).toBe(false),
});

it.concurrent.each([
  { args: ["bogus"], error: /^error: Unknown command "bogus"\n\nUsage: pnpm scripts <command>/ },
  {
    args: ["api-key", "create", "--name", "ci", "--bogus"],
    error: /^error: Unknown option '--bogus'\n\nUsage: pnpm scripts api-key create --name/,
  },
])("$args exits 2 with the error and the usage on stderr", async ({ args, error }) => {
  const result = await runCli(args, target);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(error);
  expect(hasStack(result.stderr)).toBe(false);
});

it("api-key create --help prints usage on stdout and exits 0", async () => {
  const result = await runCli(["api-key", "create", "--help"], target);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^Usage: pnpm scripts api-key create --name <name> \[--workspace <slug>\]/);
});

it("a bad DATABASE_URL is reported in one message, not a stack", async () => {
  const result = await runCli(["workspace", "list"], { ...target, url: "not a url" });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    /^error: could not start: invalid environment\n.*Invalid URL\n.*DATABASE_URL/,
  );
  expect(hasStack(result.stderr)).toBe(false);
});
