import { mapHeader } from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import { checkRow, describeProblem, type ImportSettings } from "@/features/spreadsheets/check-row";
import { exportFilter, exportHref } from "@/features/spreadsheets/export-query";
import { rejectedRowsCsv } from "@/features/spreadsheets/rejected-rows-csv";

/** The import page's row checks: rowToItem, then the contract's own schemas. */

const settingsFor = (header: string[], rest: Partial<ImportSettings> = {}): ImportSettings => ({
  columns: mapHeader(header).columns,
  mode: "create",
  namespace: "",
  emptyClears: false,
  ...rest,
});

describe("checkRow", () => {
  const header = ["First Name", "Last Name", "E-mail Address", "Company", "Job Title", "HubSpot ID", "Phone"];

  it("turns a good row into a create with its company by name", () => {
    const row = checkRow(
      ["Ada", "Lovelace", "ADA@example.com", "Acme", "CFO", "h-1", ""],
      settingsFor(header),
    );
    expect(row).toEqual({
      ok: true,
      item: { data: { firstName: "Ada", lastName: "Lovelace", email: "ADA@example.com" } },
      key: expect.stringMatching(/^new:/),
      company: { name: "Acme", jobTitle: "CFO" },
    });
  });

  it("puts each problem at the column it comes from, in plain words", () => {
    const row = checkRow(["", "", "not-an-email", "", "CFO", "", "123"], settingsFor(header));
    expect(row.ok).toBe(false);
    if (row.ok) return;
    expect(row.problems.map(describeProblem)).toEqual(["Job title: A job title needs a company"]);
    const noName = checkRow(["", "", "", "", "", "", "+46701234567"], settingsFor(header));
    expect(!noName.ok && noName.problems.map(describeProblem)).toEqual([
      "First name: A contact needs a first name, a last name or an email",
    ]);
    const bad = checkRow(["Bo", "", "not-an-email", "", "", "", "123"], settingsFor(header));
    expect(!bad.ok && bad.problems.map((p) => [p.column, p.message])).toEqual([
      ["email", "Not a valid email address"],
      ["phone", expect.stringMatching(/^Not a valid phone number/)],
    ]);
  });

  it("checks the job title that goes into the connection, at its column", () => {
    const row = checkRow(["Ada", "", "", "Acme", "x".repeat(201), "", ""], settingsFor(header));
    expect(!row.ok && row.problems.map((p) => p.column)).toEqual(["jobTitle"]);
  });

  it("upserts by the namespace's external id, and needs both", () => {
    const upsert = settingsFor(header, { mode: "upsert", namespace: "HubSpot" });
    const row = checkRow(["Ada", "", "", "", "", "h-1", ""], upsert);
    expect(row.ok && row.item).toEqual({
      ref: { namespace: "HubSpot", id: "h-1" },
      data: { firstName: "Ada" },
    });
    expect(row.ok && row.key).toBe("ref:hubspot:h-1");
    const noId = checkRow(["Ada", "", "", "", "", "", ""], upsert);
    expect(!noId.ok && noId.problems.map(describeProblem)).toEqual([
      "External id: Required when upserting by HubSpot",
    ]);
    const noNamespace = checkRow(["Ada", "", "", "", "", "h-1", ""], { ...upsert, namespace: " " });
    expect(!noNamespace.ok && noNamespace.problems.map(describeProblem)).toEqual([
      "Choose the namespace of the external ids",
    ]);
  });

  it("updates by id with the version as expectedVersion; empty cells clear only when asked", () => {
    const exported = ["id", "firstName", "email", "tags", "version"];
    const update = settingsFor(exported, { mode: "update", emptyClears: true });
    expect(checkRow(["c-1", "Ada", "", "[]", "3"], update)).toMatchObject({
      ok: true,
      item: { id: "c-1", expectedVersion: 3, data: { firstName: "Ada", email: null, tags: [] } },
      key: "id:c-1",
    });
    expect(checkRow(["c-1", "Ada", "", "", "3"], { ...update, emptyClears: false })).toMatchObject({
      ok: true,
      item: { data: { firstName: "Ada" } },
    });
    const noId = checkRow(["", "Ada", "", "", ""], update);
    expect(!noId.ok && noId.problems.map(describeProblem)).toEqual([
      "Contact id: Required when updating by contact id",
    ]);
    // Creating ignores the id columns, and has nothing to clear.
    expect(checkRow(["c-1", "Ada", "", "", "3"], { ...update, mode: "create" })).toMatchObject({
      ok: true,
      item: { data: { firstName: "Ada" } },
    });
  });
});

describe("the rejected rows file", () => {
  it("is the original rows under the file's header, with their reasons, for Excel", () => {
    const csv = rejectedRowsCsv(
      ["Name", "Email"],
      [
        { row: 2, cells: ["Bo", "not-an-email"], reasons: "Email: Not a valid email address" },
        { row: 5, cells: ["Multi\nline", "a@b.c", "extra"], reasons: 'Says "no"' },
      ],
    );
    expect(csv).toBe(
      '\uFEFFName,Email,,reasons\r\nBo,not-an-email,,Email: Not a valid email address\r\n"Multi\nline",a@b.c,extra,"Says ""no"""\r\n',
    );
  });
});

describe("the export's query string", () => {
  it("carries the list's filters both ways", () => {
    const filter = { search: "ada & co", tags: ["Tier 1", "Nordics"], companyId: "c-1", blocked: false };
    const href = exportHref(filter);
    expect(href).toBe(
      "/api/contacts/export?search=ada+%26+co&tag=Tier+1&tag=Nordics&companyId=c-1&blocked=false",
    );
    expect(exportFilter(new URL(href, "http://x").searchParams)).toEqual(filter);
    expect(exportHref({})).toBe("/api/contacts/export");
    expect(exportFilter(new URLSearchParams())).toEqual({
      search: undefined,
      tags: undefined,
      companyId: undefined,
      blocked: undefined,
    });
  });
});
