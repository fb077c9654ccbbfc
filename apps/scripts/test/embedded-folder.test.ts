import { authenticateApiKey } from "@contacts/api";
import { createDb } from "@contacts/db";
import { describe, expect, it } from "vitest";
import { hasStack, runCli, serverUrl, useTarget, withDb } from "./support/harness";

// Always the embedded database, even when the other files use a server: a brand-new folder
// that only the runner itself initialises and migrates.
const target = useTarget({ empty: true });

describe("embedded PGlite folder", () => {
  it("db migrate creates and migrates a new folder", async () => {
    const result = await runCli(["db", "migrate"], target);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.lastLine).toMatch(/^Applied \d+ migrations?; \d+ in total\.$/);
  });

  it("with no workspace, api-key create says what to do", async () => {
    const result = await runCli(["api-key", "create", "--name", "ci"], target);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "error: There are no workspaces yet. Create one first: pnpm scripts workspace create --slug <slug> --name <name>",
    );
  });

  it("through `pnpm scripts` from the repo root, arguments pass through and the only workspace is used", async () => {
    const created = await runCli(["workspace", "create", "--slug", "solo", "--name", "Solo IR"], target);
    expect(created.code).toBe(0);
    const result = await runCli(["api-key", "create", "--name", "Made via pnpm"], target, { viaPnpm: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("for workspace solo; it is shown once:");
    expect(result.lastLine).toMatch(/^ck_\S+$/);
    const actor = await withDb(target, (db) => authenticateApiKey(db, result.lastLine));
    expect(actor?.name).toBe("Made via pnpm");
  });

  it("a folder another process holds open is refused with the clear message, and works once released", async () => {
    const holder = await createDb({ dataDir: target.dataDir });
    try {
      const refused = await runCli(["workspace", "list"], target);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toContain(
        `The embedded database in ${target.dataDir} is already open in another process`,
      );
      expect(hasStack(refused.stderr)).toBe(false);

      if (serverUrl) {
        // DATABASE_URL wins: the held folder is not even looked at.
        const viaServer = await runCli(["workspace", "list"], { ...target, url: serverUrl });
        expect(viaServer.code).toBe(0);
      }
    } finally {
      await holder.close();
    }
    const released = await runCli(["workspace", "list"], target);
    expect(released.code).toBe(0);
    expect(released.stdout).toMatch(/^SLUG\s+NAME\s+ID\s+CREATED\n/);
    expect(released.stdout).toMatch(/^solo\s+Solo IR\s+\S+\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/m);
  });
});
