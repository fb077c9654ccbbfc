import { describe, expect, it } from "vitest";
import {
  BulkUpsertItem,
  type Contact,
  cellText,
  connectionsFromExport,
  contactToRow,
  detectDelimiter,
  EXPORT_COLUMNS,
  emptyClearsByDefault,
  itemKey,
  mapHeader,
  matchHeader,
  parseDelimiter,
  rowToItem,
  type SpreadsheetRecord,
  withCompany,
} from "../src";

/** The spreadsheet module: the columns and rows shared by `contacts import` and the web import. */

const contact: Contact = {
  id: "c_1",
  firstName: "Ada",
  lastName: null,
  email: "ada@example.com",
  phone: "+46701234567",
  linkedInUrl: null,
  primaryLanguage: "sv",
  profilePictureId: 42,
  strategy: "Long only;\nNordics",
  blocked: false,
  tags: ["esg", "a;b"],
  connections: [{ company: { id: "co_1", name: "Acme" }, jobTitle: "CFO", primary: true }],
  externalRefs: [{ namespace: "hubspot", id: "17" }],
  version: 3,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-02T00:00:00.000Z",
} as Contact;

const exportRecord = (c: Contact): SpreadsheetRecord =>
  Object.fromEntries(EXPORT_COLUMNS.map((col, i) => [col, contactToRow(c)[i]!]));

describe("detectDelimiter", () => {
  it.each([
    ["firstName,lastName,email\nA,B,C", ","],
    ["First Name;Last Name;E-mail\r\nA;B;C", ";"],
    ["\uFEFFfirstName;lastName", ";"],
    ["a\tb\tc", "\t"],
    ['"Name, full";email;phone', ";"],
    ["email", ","],
    ["a;b\nc,d,e,f,g", ";"],
  ])("%j → %j", (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it("reads --delimiter names", () => {
    expect([",", ";", "tab", "\\t", "|"].map(parseDelimiter)).toEqual([",", ";", "\t", "\t", undefined]);
  });
});

describe("cellText (XLSX cell values)", () => {
  it.each([
    [null, ""],
    [undefined, ""],
    ["+4670", "+4670"],
    [42, "42"],
    [true, "true"],
    [new Date("2026-01-02T03:04:05Z"), "2026-01-02T03:04:05.000Z"],
    [{ richText: [{ text: "Ada " }, { text: "L" }] }, "Ada L"],
    [{ text: "profile", hyperlink: "https://x" }, "profile"],
    [{ formula: "A1", result: 7 }, "7"],
    [{ error: "#N/A" }, ""],
  ])("%j → %j", (value, text) => {
    expect(cellText(value)).toBe(text);
  });
});

describe("matchHeader and mapHeader", () => {
  it("matches CRM export headers and system ids", () => {
    expect(matchHeader("First Name")?.column).toBe("firstName");
    expect(matchHeader("E-mail Address")?.column).toBe("email");
    expect(matchHeader("Job Title")?.column).toBe("jobTitle");
    expect(matchHeader("Company")?.column).toBe("company");
    expect(matchHeader("HubSpot ID")).toEqual({ column: "externalId", namespace: "hubspot" });
    expect(matchHeader("fristName")).toBeUndefined();
  });

  it("reports unknown and repeated headers, and tells a round-trip file", () => {
    const mapped = mapHeader(["id", "First Name", "firstName", "Shoe size", "version", ""]);
    expect(mapped.columns).toEqual(["id", "firstName", undefined, undefined, "version", undefined]);
    expect(mapped.unknown).toEqual(["Shoe size"]);
    expect(mapped.duplicates).toEqual(["firstName"]);
    expect(emptyClearsByDefault(mapped.columns)).toBe(true);
    expect(emptyClearsByDefault(mapHeader(["id", "email"]).columns)).toBe(false);
  });
});

describe("rowToItem", () => {
  it("makes an export's row the update it stands for: every field, version expected, lists as written", () => {
    const row = rowToItem(exportRecord(contact), { emptyClears: true });
    expect(row).toMatchObject({ ok: true, key: "id:c_1" });
    if (!row.ok) return;
    expect(row.item).toEqual({
      id: "c_1",
      expectedVersion: 3,
      data: {
        firstName: "Ada",
        lastName: null,
        email: "ada@example.com",
        phone: "+46701234567",
        linkedInUrl: null,
        primaryLanguage: "sv",
        profilePictureId: 42,
        strategy: "Long only;\nNordics",
        blocked: false,
        tags: ["esg", "a;b"],
        connections: [{ company: { kind: "existing", id: "co_1" }, jobTitle: "CFO", primary: true }],
        externalRefs: [{ namespace: "hubspot", id: "17" }],
      },
    });
    expect(BulkUpsertItem.safeParse(row.item).success).toBe(true);
  });

  it("clears on an empty cell only when told (a round trip), else leaves the field out", () => {
    const record = { id: "c_1", version: "3", phone: "", tags: "", email: "x@example.com" };
    const clears = rowToItem(record, { emptyClears: true });
    const keeps = rowToItem(record, { emptyClears: false });
    expect(clears.ok && clears.item.data).toEqual({ phone: null, tags: [], email: "x@example.com" });
    expect(keeps.ok && keeps.item.data).toEqual({ email: "x@example.com" });
  });

  it("upserts by the namespace's externalId, creates without one, and keys each", () => {
    const ref = rowToItem(
      { externalId: "h-1", firstName: "Ada" },
      { namespace: "HubSpot", emptyClears: false },
    );
    expect(ref).toMatchObject({
      ok: true,
      key: "ref:hubspot:h-1",
      item: { ref: { namespace: "HubSpot", id: "h-1" } },
    });
    const missing = rowToItem(
      { externalId: "", firstName: "Ada" },
      { namespace: "hubspot", emptyClears: false },
    );
    expect(missing).toEqual({
      ok: false,
      issues: [{ path: ["externalId"], message: "Required when upserting by hubspot" }],
    });
    // A round-trip file's row with an empty id is a new contact.
    const create = rowToItem({ id: "", version: "", firstName: "Dee" }, { emptyClears: true });
    expect(create.ok && create.item).toEqual({ data: { firstName: "Dee" } });
    const twin = rowToItem({ id: "", version: "", firstName: "Dee" }, { emptyClears: true });
    expect(create.ok && twin.ok && create.key === twin.key).toBe(true);
  });

  it("reads friendly list forms, booleans and numbers", () => {
    const row = rowToItem(
      {
        firstName: "A",
        tags: "vip; IR,esg",
        externalRefs: "sf:1;hubspot:2",
        blocked: "Yes",
        profilePictureId: "7",
      },
      { emptyClears: false },
    );
    expect(row.ok && row.item.data).toEqual({
      firstName: "A",
      tags: ["vip", "IR", "esg"],
      externalRefs: [
        { namespace: "sf", id: "1" },
        { namespace: "hubspot", id: "2" },
      ],
      blocked: true,
      profilePictureId: 7,
    });
  });

  it("rejects a broken JSON list, a bad version, and a job title without a company", () => {
    expect(rowToItem({ connections: "[{" }, { emptyClears: false })).toEqual({
      ok: false,
      issues: [{ path: ["connections"], message: "Not a valid JSON array" }],
    });
    expect(rowToItem({ id: "c_1", version: "v3" }, { emptyClears: true })).toMatchObject({
      ok: false,
      issues: [{ path: ["version"] }],
    });
    expect(rowToItem({ firstName: "A", jobTitle: "CFO" }, { emptyClears: false })).toMatchObject({
      ok: false,
      issues: [{ path: ["jobTitle"] }],
    });
  });

  it("names a company by name; withCompany makes it the one primary connection", () => {
    const row = rowToItem({ firstName: "A", company: " Acme ", jobTitle: "CFO" }, { emptyClears: false });
    expect(row).toMatchObject({ ok: true, company: { name: "Acme", jobTitle: "CFO" } });
    if (!row.ok) return;
    expect(withCompany(row.item, "co_9", "CFO").data.connections).toEqual([
      { company: { kind: "existing", id: "co_9" }, jobTitle: "CFO", primary: true },
    ]);
    const other = rowToItem({ firstName: "A", company: "Other", jobTitle: "CFO" }, { emptyClears: false });
    expect(other.ok && row.key !== other.key).toBe(true);
  });
});

describe("itemKey and connectionsFromExport", () => {
  it("keys by id, by reference (namespace without case), or by a create's content", () => {
    expect(itemKey({ id: "c_1", data: {} })).toBe("id:c_1");
    expect(itemKey({ ref: { namespace: "HubSpot", id: "X" }, data: {} })).toBe("ref:hubspot:X");
    expect(itemKey({ data: { firstName: "A" } })).toBe(itemKey({ data: { firstName: "A" } }));
    expect(itemKey({ data: { firstName: "A" } })).not.toBe(itemKey({ data: { firstName: "B" } }));
  });

  it("turns an exported connection into a request's, leaving other shapes to the contract", () => {
    expect(
      connectionsFromExport([{ company: { id: "co_1", name: "Acme" }, jobTitle: null, primary: true }]),
    ).toEqual([{ company: { kind: "existing", id: "co_1" }, jobTitle: null, primary: true }]);
    const already = [{ company: { kind: "existing", id: "co_1" }, primary: true }];
    expect(connectionsFromExport(already)).toEqual(already);
    expect(connectionsFromExport("x")).toBe("x");
  });
});
