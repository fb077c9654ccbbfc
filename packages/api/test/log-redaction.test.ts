import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { logSafeError } from "../src/log-safe-error";

const FIXTURE = path.join(import.meta.dirname, "fixtures/log-of-a-failing-update.ts");

describe("logs keep personal data and SQL out", () => {
  it("a database error during an update logs its SQLSTATE, not the email, the values or the query", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", FIXTURE], {
      encoding: "utf8",
      env: { ...process.env, LOG_LEVEL: "info", TEST_DATABASE_URL: "" },
      // A fresh tsx process on a loaded two-core machine can take most of a minute to start.
      timeout: 180_000,
    });
    expect(run.stderr).toContain("status 500");
    const lines = run.stdout.split("\n").filter(Boolean);
    const failure = lines.find((l) => l.includes('"request failed"'));
    // The failure was logged, with what an operator needs to find it.
    expect(failure).toBeDefined();
    expect(failure).toContain('"code":"P0001"');
    expect(failure).toContain('"procedure":"contact.update"');
    for (const line of lines) {
      for (const secret of [
        "leaky.person@example.com",
        "Leakworthy",
        "refused change",
        "Failed query",
        "params",
      ]) {
        expect(line).not.toContain(secret);
      }
      expect(line).not.toMatch(/update\s+"?contacts"?\s+set/i);
    }
  }, 200_000);

  it("keeps the object names of a driver error and the message of our own errors", () => {
    const pg = Object.assign(new Error('duplicate key value violates unique constraint "x"'), {
      code: "23505",
      constraint_name: "contact_external_refs_pkey",
      detail: "Key (namespace, ref_id)=(hubspot, 5102) already exists.",
      query: "insert into contact_external_refs values ($1, $2)",
      parameters: ["hubspot", "5102"],
    });
    const wrapped = Object.assign(new Error(`Failed query: insert into t\nparams: a@b.se`), {
      query: "insert into t",
      params: ["a@b.se"],
      cause: pg,
    });
    const logged = JSON.stringify(logSafeError(wrapped));
    expect(logged).toContain("contact_external_refs_pkey");
    expect(logged).toContain("23505");
    for (const secret of ["5102", "a@b.se", "insert into", "Key (", "params"])
      expect(logged).not.toContain(secret);
    expect(logSafeError(new Error("Only a signed-in user can manage API keys")).message).toBe(
      "Only a signed-in user can manage API keys",
    );
  });
});
