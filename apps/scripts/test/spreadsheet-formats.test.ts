import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { runCommand, useApi } from "./support/harness";

/** Files as Excel and Google Sheets write them: `;`-separated CSV with BOM and CRLF, and XLSX. */

const api = useApi();

describe("a CSV from European Excel", () => {
  it("reads `;`, a BOM, CRLF, a quoted newline and CRM headers, and finds companies by name", async () => {
    const ws = await api.workspace();
    const lines = [
      "First Name;Last Name;E-mail Address;Company;Job Title;Investment Strategy;Tags",
      'Åsa;Öberg;asa@example.se;Nordea Fonder;CIO;"Long only;\r\nNordic equities";esg,nordics',
      "Bo;Ek;bo@example.se;nordea fonder;;;",
      "Cy;Ng;cy@example.se;;;Value;",
    ];
    const dir = await api.folder();
    const file = path.join(dir, "excel.csv");
    await writeFile(file, `\uFEFF${lines.join("\r\n")}\r\n`);
    const result = await runCommand(["contacts", "import", file], ws.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("3 created, 0 updated, 0 unchanged, 0 rejected");

    const { items } = await ws.client.contact.list.query({ limit: 10 });
    const asa = items.find((c) => c.firstName === "Åsa");
    expect(asa).toMatchObject({
      lastName: "Öberg",
      email: "asa@example.se",
      strategy: "Long only;\r\nNordic equities",
      tags: ["esg", "nordics"],
      connections: [{ company: { name: "Nordea Fonder" }, jobTitle: "CIO", primary: true }],
    });
    const bo = items.find((c) => c.firstName === "Bo");
    // One company for both spellings of the name.
    expect(bo?.connections[0]?.company.id).toBe(asa?.connections[0]?.company.id);
    expect(items.find((c) => c.firstName === "Cy")?.connections).toEqual([]);
    const companies = await ws.client.company.list.query({});
    expect(companies.items).toHaveLength(1);
  }, 240_000);
});

describe("XLSX", () => {
  it("exports a workbook that, edited (a cell changed, a row added), imports back as exactly that", async () => {
    const ws = await api.workspace();
    for (const [i, name] of ["Ada", "Bo", "Cy"].entries()) {
      await ws.client.contact.create.mutate({
        firstName: name,
        phone: `+4670123456${i}`,
        profilePictureId: 100 + i,
        tags: ["x"],
      });
    }
    const dir = await api.folder();
    const file = path.join(dir, "contacts.xlsx");
    const exported = await runCommand(["contacts", "export", "--output", file], ws.env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain("Exported 3 contacts");

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(["id", "firstName", "lastName"]);
    const column = (name: string) => header.indexOf(name) + 1;
    const bo = [2, 3, 4].find((r) => sheet.getRow(r).getCell(column("firstName")).value === "Bo")!;
    expect(sheet.getRow(bo).getCell(column("phone")).value).toBe("+46701234561");
    // As Excel stores what a person types: numbers as numbers, a boolean as a boolean.
    sheet.getRow(bo).getCell(column("lastName")).value = "Ek";
    sheet.getRow(bo).getCell(column("profilePictureId")).value = 7;
    const added = sheet.getRow(5);
    added.getCell(column("firstName")).value = "Dee";
    added.getCell(column("blocked")).value = true;
    added.commit();
    await book.xlsx.writeFile(file);

    const imported = await runCommand(["contacts", "import", file], ws.env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("1 created, 1 updated, 2 unchanged, 0 rejected");
    const { items } = await ws.client.contact.list.query({});
    const boNow = items.find((c) => c.firstName === "Bo");
    expect(boNow).toMatchObject({ lastName: "Ek", profilePictureId: 7, phone: "+46701234561", version: 2 });
    const history = await ws.client.contact.history.query({ id: boNow!.id });
    expect(Object.keys(history.items[0]?.changes ?? {}).sort()).toEqual(["lastName", "profilePictureId"]);
    expect(items.find((c) => c.firstName === "Dee")).toMatchObject({ blocked: true, version: 1 });
    expect(items.find((c) => c.firstName === "Ada")?.version).toBe(1);
    await expect(readFile(`${file}.import-state.json`)).rejects.toThrow();
  }, 240_000);
});
