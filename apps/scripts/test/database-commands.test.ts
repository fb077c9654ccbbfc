import { authenticateApiKey, DEMO_API_KEY } from "@contacts/api";
import { describe, expect, it } from "vitest";
import { runCli, useTarget, withDb } from "./support/harness";

const target = useTarget();

describe("db commands", () => {
  it("db migrate on a migrated database says it is up to date", async () => {
    const result = await runCli(["db", "migrate"], target);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.lastLine).toMatch(/^The database is up to date \(\d+ migrations? applied\)\.$/);
  });

  it("db seed prints the demo key on the last line, also when run again", async () => {
    const first = await runCli(["db", "seed"], target);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.lastLine).toBe(DEMO_API_KEY);

    const second = await runCli(["db", "seed"], target);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already exists/);
    expect(second.lastLine).toBe(DEMO_API_KEY);

    const actor = await withDb(target, (db) => authenticateApiKey(db, DEMO_API_KEY));
    expect(actor?.name).toBe("demo key");
  });
});
