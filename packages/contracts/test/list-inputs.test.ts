import { describe, expect, it } from "vitest";
import {
  ContactHistoryInput,
  CreateCompanyRequest,
  FindByExternalRefInput,
  GetCompanyInput,
  GetContactInput,
  ListCompaniesInput,
  ListContactsInput,
} from "../src";
import { accept, reject } from "./support/parse";

/** Each with a cursor of the kind it hands out: an encoded position, or the last id (a UUID). */
const ID_CURSOR = "0190a5c4-7e2b-7c3d-8e4f-0123456789ab";
const paged = [
  ["ListContactsInput", ListContactsInput, {}, ID_CURSOR],
  ["ListCompaniesInput", ListCompaniesInput, {}, "eyJpZCI6MX0"],
  ["ContactHistoryInput", ContactHistoryInput, { id: "ct_1" }, ID_CURSOR],
] as const;

describe.each(paged)("%s paging (limit 1–200, default 50)", (_name, schema, base, cursor) => {
  it("defaults limit to 50", () => {
    expect(accept(schema, base).limit).toBe(50);
  });

  it.each([1, 2, 199, 200])("accepts limit %d", (limit) => {
    expect(accept(schema, { ...base, limit }).limit).toBe(limit);
  });

  it.each([
    [0, "At least 1"],
    [-1, "At least 1"],
    [201, "At most 200"],
    [1e9, "At most 200"],
  ])("rejects limit %d", (limit, message) => {
    expect(reject(schema, { ...base, limit })).toEqual([{ path: ["limit"], message }]);
  });

  it.each([1.5, "10", null, true])("rejects the non-integer limit %j", (limit) => {
    expect(reject(schema, { ...base, limit }).map((i) => i.path)).toEqual([["limit"]]);
  });

  it("passes an opaque cursor through, and accepts null for the first page", () => {
    expect(accept(schema, { ...base, cursor }).cursor).toBe(cursor);
    expect(accept(schema, { ...base, cursor: null }).cursor).toBeNull();
    expect(reject(schema, { ...base, cursor: "" }).map((i) => i.path)).toEqual([["cursor"]]);
  });

  it.skipIf(cursor !== ID_CURSOR || _name === "ListContactsInput")(
    "refuses an id cursor that is not a UUID, naming the cursor",
    () => {
      for (const bad of ["eyJpZCI6MX0", `${ID_CURSOR}0`, "' or 1=1 --"]) {
        expect(reject(schema, { ...base, cursor: bad })).toEqual([
          { path: ["cursor"], message: "Not a cursor this API handed out" },
        ]);
      }
    },
  );

  // contact.list's cursors depend on its sort: the service checks them (INVALID_CURSOR,
  // packages/api/test/contact-list-views.test.ts), the contract passes the text on.
  it.skipIf(_name !== "ListContactsInput")("passes a sorted list's cursor on to contact.list", () => {
    expect(accept(schema, { ...base, cursor: "eyJpZCI6MX0" }).cursor).toBe("eyJpZCI6MX0");
  });

  it("rejects unknown keys", () => {
    expect(reject(schema, { ...base, offset: 10 })).toEqual([
      { path: ["offset"], message: 'Unknown field "offset"' },
    ]);
  });
});

describe.each([
  ["ListContactsInput", ListContactsInput],
  ["ListCompaniesInput", ListCompaniesInput],
] as const)("%s search", (_name, schema) => {
  it("is trimmed", () => {
    expect(accept(schema, { search: "  acme  " }).search).toBe("acme");
  });

  it.each(["", " ", "\t\n"])("%j means no search", (search) => {
    expect(accept(schema, { search }).search).toBeUndefined();
  });

  it("accepts 200 chars and rejects 201", () => {
    expect(accept(schema, { search: "s".repeat(200) }).search).toHaveLength(200);
    expect(reject(schema, { search: "s".repeat(201) })).toEqual([
      { path: ["search"], message: "At most 200 characters" },
    ]);
  });
});

describe("ListContactsInput filters", () => {
  it("accepts tags, companyId and blocked", () => {
    expect(accept(ListContactsInput, { tags: [" vip "], companyId: "co_1", blocked: false })).toEqual({
      tags: ["vip"],
      companyId: "co_1",
      blocked: false,
      limit: 50,
      sort: "created",
    });
  });

  it("rejects an empty tag and a non-boolean blocked", () => {
    expect(reject(ListContactsInput, { tags: ["ok", " "], blocked: "no" }).map((i) => i.path)).toEqual([
      ["tags", 1],
      ["blocked"],
    ]);
  });
});

describe("single-item inputs", () => {
  it.each([
    ["GetContactInput", GetContactInput],
    ["GetCompanyInput", GetCompanyInput],
  ] as const)("%s takes exactly { id }", (_name, schema) => {
    expect(accept(schema, { id: "x_1" })).toStrictEqual({ id: "x_1" });
    expect(reject(schema, {}).map((i) => i.path)).toEqual([["id"]]);
    expect(reject(schema, { id: "x_1", name: "n" }).map((i) => i.path)).toEqual([["name"]]);
  });

  it("FindByExternalRefInput lower-cases the namespace and keeps the id", () => {
    expect(accept(FindByExternalRefInput, { namespace: "HubSpot", id: "AbC" })).toStrictEqual({
      namespace: "hubspot",
      id: "AbC",
    });
    expect(reject(FindByExternalRefInput, { namespace: "hub spot", id: "" }).map((i) => i.path)).toEqual([
      ["namespace"],
      ["id"],
    ]);
  });

  it("CreateCompanyRequest: name trimmed, 1–200 chars (docs/api.md §3)", () => {
    expect(accept(CreateCompanyRequest, { name: "  Acme AB " })).toStrictEqual({ name: "Acme AB" });
    expect(accept(CreateCompanyRequest, { name: ` ${"c".repeat(200)} ` }).name).toHaveLength(200);
    expect(reject(CreateCompanyRequest, { name: "c".repeat(201) })).toEqual([
      { path: ["name"], message: "At most 200 characters" },
    ]);
    expect(reject(CreateCompanyRequest, { name: "   " })).toEqual([
      { path: ["name"], message: "Must not be empty" },
    ]);
  });
});
