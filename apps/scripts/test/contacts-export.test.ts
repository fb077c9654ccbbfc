import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runCommand, useApi } from "./support/harness";

/** `contacts export`: every contact, streamed page by page through the API. */

const api = useApi();

describe("contacts export", () => {
  it("writes every contact (more than one page) as CSV and as JSON lines, and re-imports", async () => {
    const ws = await api.workspace();
    const acme = await ws.client.company.create.mutate({ name: "Acme" });
    await ws.client.contact.create.mutate({
      firstName: "Ada",
      email: "ada@example.com",
      tags: ["vip", "a;b"],
      connections: [{ company: { kind: "existing", id: acme.id }, jobTitle: "CFO", primary: true }],
      externalRefs: [{ namespace: "hubspot", id: "1" }],
    });
    for (let i = 0; i < 250; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => ws.client.contact.create.mutate({ lastName: `L${i + j}` })),
      );
    }
    const csv = await runCommand(["contacts", "export"], ws.env);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stderr).toContain("Exported 251 contacts");
    const records = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(251);
    expect(new Set(records.map((r) => r.id)).size).toBe(251);
    const ada = records.find((r) => r.firstName === "Ada");
    expect(JSON.parse(ada?.tags ?? "")).toEqual(["vip", "a;b"]);
    expect(JSON.parse(ada?.externalRefs ?? "")).toEqual([{ namespace: "hubspot", id: "1" }]);

    const dir = await api.folder();
    const out = path.join(dir, "all.jsonl");
    const jsonl = await runCommand(["contacts", "export", "--output", out], ws.env);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const lines = (await readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(251);
    expect(lines.find((c) => c.firstName === "Ada")?.connections).toEqual([
      { company: { id: acme.id, name: "Acme" }, jobTitle: "CFO", primary: true },
    ]);

    // The export imports again: into the same workspace by upserting on the hubspot ref, Ada is unchanged.
    const adaOnly = path.join(dir, "ada.jsonl");
    const adaLine = lines.find((c) => c.firstName === "Ada");
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(adaOnly, `${JSON.stringify({ ...adaLine, externalId: "1" })}\n`),
    );
    const back = await runCommand(["contacts", "import", adaOnly, "--upsert-by", "hubspot"], ws.env);
    expect(back.stdout, back.stderr).toContain("0 created, 0 updated, 1 unchanged, 0 rejected");
  });

  it("refuses a bad format and an unreachable server without creating the output", async () => {
    const ws = await api.workspace();
    const bad = await runCommand(["contacts", "export", "--format", "xml"], ws.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format: csv, xlsx or jsonl");
    const help = await runCommand(["contacts", "export", "--help"], ws.env);
    expect(help.code).toBe(0);
  });
});
