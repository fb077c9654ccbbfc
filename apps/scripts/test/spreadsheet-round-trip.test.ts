import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { rawQuery, runCommand, useApi } from "./support/harness";

/**
 * The spreadsheet round trip (`contacts export` → edit → `contacts import`) and duplicate keys
 * in one file, checked against the database itself: versions and history rows, not only the
 * command's summary.
 */

const api = useApi();
type Workspace = Awaited<ReturnType<typeof api.workspace>>;

/** Every write leaves a trace here: versions, update times and history rows of the workspace. */
async function fingerprint(ws: Workspace) {
  const [contacts] = await rawQuery<{ n: number; versions: number; latest: string }>(
    api.server.conn,
    "select count(*)::int as n, coalesce(sum(version), 0)::int as versions, max(updated_at)::text as latest from contacts where workspace_id = $1",
    [ws.workspaceId],
  );
  const [history] = await rawQuery<{ n: number }>(
    api.server.conn,
    "select count(*)::int as n from contact_history where workspace_id = $1",
    [ws.workspaceId],
  );
  return { ...contacts, history: history?.n };
}

const readRejects = async (file: string) =>
  (await readFile(file, "utf8"))
    .trim()
    .split("\n")
    .map(
      (l) => JSON.parse(l) as { line: number; code: string; reasons: { path: unknown[]; message: string }[] },
    );

describe("the spreadsheet round trip", () => {
  it("imports an edited 10,000-row export as exactly its edits: one field each, untouched rows no-ops, a conflict reported", async () => {
    const ws = await api.workspace();
    const { id: acme } = await ws.client.company.create.mutate({ name: "Acme Capital" });
    const N = 10_000;
    for (let start = 0; start < N; start += 1000) {
      await ws.client.contact.bulkUpsert.mutate({
        items: Array.from({ length: 1000 }, (_, k) => {
          const i = start + k;
          return {
            ref: { namespace: "crm", id: `c-${i}` },
            data: {
              firstName: `First${i}`,
              lastName: `Last${i}`,
              email: `p${i}@example.com`,
              phone: `+4670${String(1_000_000 + i)}`,
              tags: i % 2 ? ["investor", "nordics"] : ["esg"],
              ...(i % 3 === 0
                ? {
                    connections: [
                      { company: { kind: "existing" as const, id: acme }, jobTitle: "CFO", primary: true },
                    ],
                  }
                : {}),
            },
          };
        }),
      });
    }
    const dir = await api.folder();
    const file = path.join(dir, "export.csv");
    const exported = await runCommand(["contacts", "export", "--output", file], ws.env);
    expect(exported.code, exported.stderr).toBe(0);

    const [header, ...rows] = parse(await readFile(file, "utf8")) as string[][];
    expect(rows).toHaveLength(N);
    const col = (name: string) => header!.indexOf(name);
    const byRef = (i: number) => rows.find((r) => r[col("email")] === `p${i}@example.com`)!;
    // One cell edited, one cell emptied, and a row changed through the API after the export.
    byRef(10)[col("lastName")] = "Edited";
    byRef(21)[col("phone")] = "";
    const changedElsewhere = byRef(33);
    const idOf = (row: string[]) => row[col("id")]!;
    await ws.client.contact.update.mutate({ id: idOf(changedElsewhere), data: { strategy: "Value" } });
    changedElsewhere[col("lastName")] = "Mine";
    await writeFile(file, stringify([header!, ...rows]));

    const before = await fingerprint(ws);
    const imported = await runCommand(["contacts", "import", file], ws.env);
    expect(imported.code, imported.stderr).toBe(1);
    expect(imported.stdout).toContain(`${N} rows`);
    expect(imported.stdout).toContain(`0 created, 2 updated, ${N - 3} unchanged, 1 rejected`);
    const rejects = await readRejects(`${file}.rejected.jsonl`);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ code: "CONFLICT", reasons: [{ path: ["version"] }] });

    // Two writes, two versions, two history entries: nothing else moved.
    const after = await fingerprint(ws);
    expect(after.n).toBe(N);
    expect(after.versions).toBe(before.versions! + 2);
    expect(after.history).toBe(before.history! + 2);
    const edited = await ws.client.contact.history.query({ id: idOf(byRef(10)) });
    expect(edited.items[0]?.changes).toEqual({ lastName: { from: "Last10", to: "Edited" } });
    const emptied = await ws.client.contact.history.query({ id: idOf(byRef(21)) });
    expect(emptied.items[0]?.changes).toEqual({ phone: { from: `+4670${1_000_021}`, to: null } });
    const other = await ws.client.contact.get.query({ id: idOf(changedElsewhere) });
    expect(other).toMatchObject({ lastName: "Last33", strategy: "Value", version: 2 });
    const connected = await ws.client.contact.get.query({ id: idOf(byRef(9)) });
    expect(connected).toMatchObject({
      version: 1,
      connections: [{ company: { id: acme }, jobTitle: "CFO" }],
    });
  }, 600_000);
});

describe("duplicate keys in one file", () => {
  it("collapses rows of the same key across the file (last wins) in one write; a rerun writes nothing", async () => {
    const ws = await api.workspace();
    const dir = await api.folder({
      // --batch-size 2: the rows of a key fall in different batches.
      "upsert.csv": [
        "externalId,firstName,lastName,tags",
        "d1,Ada,Byron,x",
        "d2,Bo,Ek,",
        "d3,Cy,Ng,",
        "d1,Ada,Lovelace,y",
        "d2,Bo,Ek,",
        "D1,Ada,Other,",
        "",
      ].join("\n"),
      "creates.csv": ["firstName,email", "Eve,eve@example.com", "Fay,", "Eve,eve@example.com", ""].join("\n"),
    });
    const upsert = path.join(dir, "upsert.csv");
    const creates = path.join(dir, "creates.csv");
    const args = (file: string, more: string[] = []) => [
      "contacts",
      "import",
      file,
      "--batch-size",
      "2",
      ...more,
    ];

    const first = await runCommand(args(upsert, ["--upsert-by", "crm"]), ws.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("4 created, 0 updated, 0 unchanged, 0 rejected, 2 collapsed");
    expect(
      (await readRejects(`${upsert}.rejected.jsonl`)).map((r) => [r.line, r.reasons[0]?.message]),
    ).toEqual([
      [2, "collapsed: superseded by line 5"],
      [3, "collapsed: superseded by line 6"],
    ]);
    const ada = await ws.client.contact.findByExternalRef.query({ namespace: "crm", id: "d1" });
    expect(ada).toMatchObject({ lastName: "Lovelace", tags: ["y"], version: 1 });
    const firstCreates = await runCommand(args(creates), ws.env);
    expect(firstCreates.stdout, firstCreates.stderr).toContain(
      "2 created, 0 updated, 0 unchanged, 0 rejected, 1 collapsed",
    );

    const written = await fingerprint(ws);
    expect(written).toMatchObject({ n: 6, versions: 6, history: 6 });
    const again = await runCommand(args(upsert, ["--upsert-by", "crm"]), ws.env);
    expect(again.stdout).toContain("0 created, 0 updated, 4 unchanged, 0 rejected, 2 collapsed");
    const againCreates = await runCommand(args(creates), ws.env);
    expect(againCreates.code, againCreates.stderr).toBe(0);
    expect(await fingerprint(ws)).toEqual(written);
  }, 300_000);
});
