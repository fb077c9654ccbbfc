import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CSV_HEADER, killTree, runCommand, useApi } from "./support/harness";

/** `contacts import` run as an operator would: a child process against a live server. */

const api = useApi();

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const csvOf = (rows: string[]) => `${[CSV_HEADER, ...rows].join("\n")}\n`;
const bigCsv = (n: number) =>
  csvOf(Array.from({ length: n }, (_, i) => `r-${i},First${i},Last${i},p${i}@example.com,,t${i % 3}`));

describe("contacts import --upsert-by", () => {
  it("imports good rows, rejects bad ones with reasons, and applies duplicates in order", async () => {
    const ws = await api.workspace();
    const dir = await api.folder({
      "people.csv": csvOf([
        "h1,Ada,Lovelace,ADA@Example.com,+46 70 123 45 67,vip;IR",
        "h2,Grace,Hopper,grace@example.com,,",
        "h3,Bad,Email,not-an-email,,",
        "h4,Bad,Phone,,12345,",
        "h5,,,,,",
        "h2,Grace,Brewster Hopper,grace@example.com,,navy",
        ",No,Id,noid@example.com,,",
        "h6,Alan,Turing,alan@example.com,,",
      ]),
    });
    const file = path.join(dir, "people.csv");
    const result = await runCommand(["contacts", "import", file, "--upsert-by", "HubSpot"], ws.env);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain("8 rows");
    expect(result.stdout).toContain("3 created, 1 updated, 0 unchanged, 4 rejected");
    expect(result.stderr).toContain("4 of 8 rows were rejected");

    const rejects = (await readFile(`${file}.rejected.jsonl`, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => [r.line, r.reasons[0].path])).toEqual([
      [4, ["email"]],
      [5, ["phone"]],
      [6, ["firstName"]],
      [8, ["externalId"]],
    ]);
    expect(rejects[0].row).toMatchObject({ externalId: "h3", email: "not-an-email" });

    expect(await ws.count()).toBe(3);
    const grace = await ws.client.contact.findByExternalRef.query({ namespace: "hubspot", id: "h2" });
    expect(grace).toMatchObject({ lastName: "Brewster Hopper", tags: ["navy"], version: 2 });
    const ada = await ws.client.contact.findByExternalRef.query({ namespace: "hubspot", id: "h1" });
    expect(ada).toMatchObject({ email: "ada@example.com", phone: "+46701234567", tags: ["vip", "IR"] });
    const history = await ws.client.contact.history.query({ id: ada.id });
    expect(history.items[0]?.actor.name).toBe(`${ws.keyName} (contacts import)`);
  });

  it("resumes after being killed mid-way, without duplicating anything", async () => {
    const ws = await api.workspace();
    const rows = 800;
    const dir = await api.folder({ "big.csv": bigCsv(rows) });
    const file = path.join(dir, "big.csv");
    let killedAt = -1;
    const first = await runCommand(
      ["contacts", "import", file, "--upsert-by", "crm", "--batch-size", "25"],
      ws.env,
      {
        onStart: (child) => {
          const poll = setInterval(async () => {
            const n = await ws.count();
            if (n >= 100) {
              clearInterval(poll);
              killedAt = n;
              killTree(child);
            }
          }, 20);
          child.on("close", () => clearInterval(poll));
        },
      },
    );
    // Killed part-way (on a very fast machine it may have finished first: still a valid rerun).
    if (first.signal) expect(killedAt).toBeLessThan(rows);
    // The request in flight when the client died still completes on the server: the rerun
    // may find those rows already there, which is the point.
    const rerun = await runCommand(["contacts", "import", file, "--upsert-by", "crm"], ws.env);
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = /(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) rejected/.exec(rerun.stdout);
    const [created, updated, unchanged, rejected] = (summary?.slice(1) ?? []).map(Number);
    expect(updated).toBe(0);
    expect(rejected).toBe(0);
    expect((created ?? 0) + (unchanged ?? 0)).toBe(rows);
    expect(unchanged).toBeGreaterThanOrEqual(killedAt === -1 ? 0 : killedAt);
    expect(await ws.count()).toBe(rows);
    expect(await ws.count("contact_external_refs")).toBe(rows);
  }, 300_000);

  it("resumes from a prefix of the file: the rows already there are unchanged", async () => {
    const ws = await api.workspace();
    const all = bigCsv(300).trim().split("\n");
    const dir = await api.folder({
      "prefix.csv": `${all.slice(0, 121).join("\n")}\n`,
      "all.csv": `${all.join("\n")}\n`,
    });
    const first = await runCommand(
      ["contacts", "import", path.join(dir, "prefix.csv"), "--upsert-by", "crm"],
      ws.env,
    );
    expect(first.stdout).toContain("120 created");
    const rerun = await runCommand(
      ["contacts", "import", path.join(dir, "all.csv"), "--upsert-by", "crm"],
      ws.env,
    );
    expect(rerun.stdout).toContain("180 created, 0 updated, 120 unchanged, 0 rejected");
    expect(await ws.count()).toBe(300);
  });
});

describe("contacts import without --upsert-by", () => {
  it("creates rows once: a rerun and identical rows create nothing again", async () => {
    const ws = await api.workspace();
    const jsonl = [
      { firstName: "Ada", email: "ada@example.com", tags: ["x"] },
      { firstName: "Ada", email: "ada@example.com", tags: ["x"] },
      { firstName: "Bob", externalRefs: [{ namespace: "sf", id: "1" }] },
      { firstName: 42 },
      "not json",
    ]
      .map((r) => (typeof r === "string" ? r : JSON.stringify(r)))
      .join("\n");
    const dir = await api.folder({ "rows.jsonl": `${jsonl}\n` });
    const file = path.join(dir, "rows.jsonl");
    const first = await runCommand(["contacts", "import", file], ws.env);
    expect(first.stdout).toContain("2 rejected");
    expect(await ws.count()).toBe(2);
    await runCommand(["contacts", "import", file], ws.env);
    expect(await ws.count()).toBe(2);
    const rejects = (await readFile(`${file}.rejected.jsonl`, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => [r.line, r.reasons[0].path])).toEqual([
      [4, ["firstName"]],
      [5, []],
    ]);
  });
});

describe("contacts import --dry-run", () => {
  it("validates every row and writes nothing", async () => {
    const ws = await api.workspace();
    const dir = await api.folder({ "people.csv": csvOf(["d1,Ada,,,,", "d2,,,bad,,", "d3,Bob,,,,"]) });
    const result = await runCommand(
      ["contacts", "import", path.join(dir, "people.csv"), "--upsert-by", "crm", "--dry-run"],
      ws.env,
    );
    expect(result.stdout).toContain("3 rows, 2 valid, 1 rejected; nothing was written");
    expect(result.code).toBe(1);
    expect(await ws.count()).toBe(0);
    expect(await ws.count("idempotency_keys")).toBe(0);
  });
});

describe("contacts import: clear failures", () => {
  // Eleven child processes: one test each for arguments, files and connections, so a loaded
  // machine's slow starts (tens of seconds each) never add up past one test's time limit.
  const files = () =>
    api.folder({
      "ok.csv": csvOf(["a,Ada,,,,"]),
      "typo.csv": "externalId,fristName\na,Ada\n",
      "notes.txt": "x",
    });

  it("explains bad arguments", async () => {
    const ws = await api.workspace();
    const dir = await files();
    const help = await runCommand(["contacts", "import", "--help"], ws.env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--upsert-by <namespace>");

    const noFile = await runCommand(["contacts", "import"], ws.env);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain("Missing <file.csv|file.jsonl>");
    const badBatch = await runCommand(
      ["contacts", "import", path.join(dir, "ok.csv"), "--batch-size", "0"],
      ws.env,
    );
    expect(badBatch.code).toBe(2);
    const badNs = await runCommand(
      ["contacts", "import", path.join(dir, "ok.csv"), "--upsert-by", "a b"],
      ws.env,
    );
    expect(badNs.code).toBe(2);
    expect(await ws.count()).toBe(0);
  });

  it("explains a bad file and an unknown column", async () => {
    const ws = await api.workspace();
    const dir = await files();
    const badExt = await runCommand(["contacts", "import", path.join(dir, "notes.txt")], ws.env);
    expect(badExt.stderr).toContain("must end in .csv or .jsonl");
    const missing = await runCommand(["contacts", "import", path.join(dir, "nope.csv")], ws.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no such file");

    const typo = await runCommand(["contacts", "import", path.join(dir, "typo.csv")], ws.env);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('Unknown column "fristName"');
    for (const r of [typo, missing]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await ws.count()).toBe(0);
  });

  it("explains an unreachable server, a bad key and a missing key", async () => {
    const ws = await api.workspace();
    const dir = await files();

    const down = await runCommand(["contacts", "import", path.join(dir, "ok.csv")], {
      ...ws.env,
      CONTACTS_API_URL: `http://127.0.0.1:${await closedPort()}`,
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /Cannot reach the contacts API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    const badKey = await runCommand(["contacts", "import", path.join(dir, "ok.csv")], {
      ...ws.env,
      CONTACTS_API_KEY: "ck_nope",
    });
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toContain("UNAUTHORIZED");
    const noKey = await runCommand(["contacts", "import", path.join(dir, "ok.csv")], {
      ...ws.env,
      CONTACTS_API_KEY: "",
    });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain("CONTACTS_API_KEY is not set");
    for (const r of [down, badKey, noKey]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await ws.count()).toBe(0);
  });
});
