import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runCommand, useApi } from "./support/harness";

/** `contacts duplicates` writes candidate pairs for review; `contacts merge --file` merges them. */

const api = useApi();

async function twins(client: Awaited<ReturnType<typeof api.workspace>>["client"]) {
  const a = await client.contact.create.mutate({ firstName: "Ada", email: "ada@example.com" });
  const b = await client.contact.create.mutate({
    lastName: "Byron",
    email: "ADA@example.com",
    phone: "+46701234567",
  });
  const c = await client.contact.create.mutate({ firstName: "Cy", phone: "+46701234567" });
  const loner = await client.contact.create.mutate({ firstName: "Loner" });
  return { a, b, c, loner };
}

describe("contacts duplicates", () => {
  it("writes every candidate pair, best first, as CSV and as JSON lines, with --min-score", async () => {
    const ws = await api.workspace();
    const { a, b, c } = await twins(ws.client);
    const csv = await runCommand(["contacts", "duplicates"], ws.env);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stderr).toContain("Wrote 2 candidate pairs");
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.survivorId, r.mergedId, r.score])).toEqual([
      [a.id, b.id, "1"],
      [b.id, c.id, "0.9"],
    ]);
    expect(rows[0]?.reasons).toBe("SAME_EMAIL: ada@example.com");

    const dir = await api.folder();
    const out = path.join(dir, "pairs.jsonl");
    const jsonl = await runCommand(
      ["contacts", "duplicates", "--min-score", "0.95", "--output", out],
      ws.env,
    );
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const lines = (await readFile(out, "utf8")).trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).mergedId)).toEqual([b.id]);

    const bad = await runCommand(["contacts", "duplicates", "--min-score", "2"], ws.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--min-score: a number from 0 to 1");
  });
});

describe("contacts merge", () => {
  it("merges the reviewed pairs, rejects bad rows with reasons, and a rerun merges nothing twice", async () => {
    const ws = await api.workspace();
    const { a, b, loner } = await twins(ws.client);
    const dir = await api.folder();
    const file = path.join(dir, "pairs.csv");
    await writeFile(
      file,
      [
        "survivorId,mergedId,score,fields",
        `${a.id},${b.id},1,"{""lastName"":""merged""}"`,
        `${loner.id},${loner.id},0,`,
        `${a.id},missing-id,0,`,
        `${a.id},${loner.id},0,{bad json`,
        "",
      ].join("\n"),
    );
    const dry = await runCommand(["contacts", "merge", "--file", file, "--dry-run"], ws.env);
    expect(dry.stdout, dry.stderr).toContain("4 pairs, 1 would be merged, 0 already merged, 3 rejected");
    expect((await ws.client.contact.get.query({ id: b.id })).redirectedFrom).toBeUndefined();

    const run = await runCommand(["contacts", "merge", "--file", file], ws.env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("4 pairs");
    expect(run.stdout).toContain("1 merged, 0 already merged, 3 rejected");
    const survivor = await ws.client.contact.get.query({ id: b.id });
    expect(survivor).toMatchObject({
      id: a.id,
      redirectedFrom: b.id,
      lastName: "Byron",
      phone: "+46701234567",
    });
    const rejects = (await readFile(`${file}.rejected.jsonl`, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => [r.line, r.code, r.reasons[0].path])).toEqual([
      [3, "BAD_REQUEST", ["mergedId"]],
      [4, "NOT_FOUND", []],
      [5, "BAD_REQUEST", ["fields"]],
    ]);

    // Rerun (as after a crash): the merged pair is counted as done, nothing is written again.
    const history = await ws.client.contact.history.query({ id: a.id });
    const again = await runCommand(["contacts", "merge", "--file", file], ws.env);
    expect(again.stdout).toContain("0 merged, 1 already merged, 3 rejected");
    expect((await ws.client.contact.history.query({ id: a.id })).items).toEqual(history.items);
  });

  it("refuses a missing --file or a file of another kind", async () => {
    const ws = await api.workspace();
    const none = await runCommand(["contacts", "merge"], ws.env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Missing --file");
    const txt = await runCommand(["contacts", "merge", "--file", "pairs.txt"], ws.env);
    expect(txt.code).toBe(2);
    const dir = await api.folder({ "no-ids.csv": "a,b\n1,2\n" });
    const header = await runCommand(["contacts", "merge", "--file", path.join(dir, "no-ids.csv")], ws.env);
    expect(header.code).toBe(1);
    expect(header.stderr).toContain('no "survivorId" column');
  });
});
