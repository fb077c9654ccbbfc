import path from "node:path";
import { createApiRateLimiter } from "@contacts/api";
import { describe, expect, it } from "vitest";
import { CSV_HEADER, runCommand, useApi } from "./support/harness";

/**
 * A script against a rate-limited API: `contacts import` sends more than a window allows, is
 * answered 429 with Retry-After, waits as told and finishes, every row imported once.
 */
const api = useApi({
  rateLimiter: createApiRateLimiter({
    readsPerMinute: 100,
    writesPerMinute: 3,
    ipPerMinute: 0,
    windowSeconds: 2,
  }),
});

describe("contacts import under rate limits", () => {
  it("waits out each 429 and imports every row", async () => {
    const ws = await api.workspace();
    const rows = Array.from({ length: 7 }, (_, i) => `rl-${i},First${i},Last${i},rl${i}@example.com,,`);
    const dir = await api.folder({ "people.csv": `${[CSV_HEADER, ...rows].join("\n")}\n` });
    const before = api.server.requests.length;
    const started = Date.now();
    const result = await runCommand(
      ["contacts", "import", path.join(dir, "people.csv"), "--upsert-by", "crm", "--batch-size", "1"],
      ws.env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("7 created, 0 updated, 0 unchanged, 0 rejected");
    expect(await ws.count()).toBe(7);
    const sent = api.server.requests
      .slice(before)
      .filter((r) => r.path.includes("contact.bulkUpsert"))
      .map((r) => ({ status: r.status, calls: r.path.split(",").length }));
    // 3 writes per 2 s against seven one-row bulkUpsert requests, four in flight: refused,
    // waited, retried with the same Idempotency-Key, and every request answered 200 once.
    expect(sent.some((r) => r.status === 429)).toBe(true);
    expect(sent.filter((r) => r.status === 200).reduce((n, r) => n + r.calls, 0)).toBe(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
  });
});
