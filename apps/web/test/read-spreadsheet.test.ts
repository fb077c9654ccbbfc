import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { openSpreadsheet, SpreadsheetError } from "@/features/spreadsheets/read-spreadsheet";

/** The import page's reader, on File objects as the file input gives them (happy-dom). */

async function allRows(file: File, size = 500) {
  const sheet = await openSpreadsheet(file);
  const batches: string[][][] = [];
  for await (const rows of sheet.rows(size)) batches.push(rows);
  return { header: sheet.header, batches, rows: batches.flat() };
}

describe("openSpreadsheet", () => {
  it("reads European Excel's CSV: BOM, semicolons, CRLF, a quoted newline", async () => {
    const text = '\uFEFFFirst Name;Last Name;Notes\r\nÅsa;Öberg;"two\r\nlines; one cell"\r\n;;\r\nBo;Ek;\r\n';
    const { header, rows } = await allRows(new File([text], "eu.csv", { type: "text/csv" }));
    expect(header).toEqual(["First Name", "Last Name", "Notes"]);
    expect(rows).toEqual([
      ["Åsa", "Öberg", "two\r\nlines; one cell"],
      ["Bo", "Ek", ""],
    ]);
  });

  it("streams a file of several chunks in batches, every row once, and can read it again", async () => {
    const lines = ["email,firstName"];
    for (let i = 0; i < 40_000; i++) lines.push(`person${i}@example.com,Person ${i}`);
    const file = new File([`${lines.join("\n")}\n`], "big.csv", { type: "text/csv" });
    expect(file.size).toBeGreaterThan(1 << 20);
    const first = await allRows(file, 500);
    expect(first.batches.every((b) => b.length === 500)).toBe(true);
    expect(first.rows).toHaveLength(40_000);
    expect(first.rows[39_999]).toEqual(["person39999@example.com", "Person 39999"]);
    const sheet = await openSpreadsheet(file);
    let seen = 0;
    for await (const rows of sheet.rows(1000)) {
      seen += rows.length;
      if (seen >= 2000) break;
    }
    expect(seen).toBe(2000);
  });

  it("reads the first sheet of a workbook, cells as text", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("People");
    sheet.addRow(["First Name", "Email", "profilePictureId", "blocked"]);
    sheet.addRow(["Ada", { text: "ada@example.com", hyperlink: "mailto:ada@example.com" }, 42, true]);
    sheet.addRow([]);
    sheet.addRow([{ richText: [{ text: "B" }, { text: "o" }] }, "", null, false]);
    const buffer = await workbook.xlsx.writeBuffer();
    const { header, rows } = await allRows(new File([buffer], "people.xlsx"));
    expect(header).toEqual(["First Name", "Email", "profilePictureId", "blocked"]);
    expect(rows).toEqual([
      ["Ada", "ada@example.com", "42", "true"],
      ["Bo", "", "", "false"],
    ]);
  });

  it("says what is wrong with a file it cannot read", async () => {
    await expect(openSpreadsheet(new File(["not a zip"], "x.xlsx"))).rejects.toThrow(SpreadsheetError);
    await expect(openSpreadsheet(new File(["\n\n"], "empty.csv"))).rejects.toThrow(
      "The file has no header row",
    );
  });
});
