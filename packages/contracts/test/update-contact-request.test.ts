import { describe, expect, it } from "vitest";
import { CONTACT_FIELDS, UpdateContactInput, UpdateContactRequest } from "../src";
import { accept, acceptField, reject, rejectFieldOnce } from "./support/parse";

const CONTRACT_FIELDS = [
  "firstName",
  "lastName",
  "email",
  "phone",
  "linkedInUrl",
  "primaryLanguage",
  "profilePictureId",
  "strategy",
  "blocked",
  "tags",
  "connections",
  "externalRefs",
];
const TEXT_FIELDS = [
  "firstName",
  "lastName",
  "email",
  "phone",
  "linkedInUrl",
  "primaryLanguage",
  "strategy",
] as const;

describe("UpdateContactRequest (docs/api.md §4.1–4.3)", () => {
  it("has exactly the writable fields of the contract", () => {
    expect([...CONTACT_FIELDS].sort()).toEqual([...CONTRACT_FIELDS].sort());
  });

  it("an empty body is valid and changes nothing: no key appears", () => {
    expect(accept(UpdateContactRequest, {})).toStrictEqual({});
  });

  it("omitted keys stay absent, present keys stay present", () => {
    const out = accept(UpdateContactRequest, { lastName: " Hopper ", tags: null });
    expect(out).toStrictEqual({ lastName: "Hopper", tags: null });
    expect("firstName" in out).toBe(false);
    expect("connections" in out).toBe(false);
  });

  it("null for every field is present as null (clear), not dropped", () => {
    const allNull = Object.fromEntries(CONTRACT_FIELDS.map((f) => [f, null]));
    expect(accept(UpdateContactRequest, allNull)).toStrictEqual(allNull);
  });

  it.each(TEXT_FIELDS)("an empty or whitespace-only %s counts as null", (field) => {
    for (const blank of ["", " ", "  \t\n "]) {
      const out = accept(UpdateContactRequest, { [field]: blank });
      expect(out).toStrictEqual({ [field]: null });
    }
  });

  it.each([
    ["profilePictureId", ""],
    ["profilePictureId", " "],
    ["blocked", ""],
    ["tags", ""],
    ["connections", ""],
    ["externalRefs", " "],
  ] as const)("an empty string is not null for the non-text field %s", (field, blank) => {
    expect(rejectFieldOnce(field, blank).path).toEqual(["data", field]);
  });

  it.each([true, false, null])("blocked %j is stored as given", (blocked) => {
    expect(acceptField("blocked", blocked)).toBe(blocked);
  });

  it.each(["true", 0, 1])("blocked %j is rejected", (blocked) => {
    expect(rejectFieldOnce("blocked", blocked).path).toEqual(["data", "blocked"]);
  });

  it("normalizes every field of a full update at once", () => {
    const out = accept(UpdateContactRequest, {
      firstName: "  Grace ",
      lastName: "Hopper",
      email: " Grace@Navy.MIL ",
      phone: "+1 (213) 373-4253",
      linkedInUrl: "http://uk.linkedin.com/in/Grace-Hopper/?trk=x",
      primaryLanguage: "EN",
      profilePictureId: 12,
      strategy: " Long-term ",
      blocked: false,
      tags: ["Navy", "navy", " COBOL "],
      connections: [
        { company: { kind: "existing", id: "co_navy" }, jobTitle: " Rear Admiral ", primary: true },
      ],
      externalRefs: [{ namespace: "HubSpot", id: "Gh-1" }],
    });
    expect(out).toStrictEqual({
      firstName: "Grace",
      lastName: "Hopper",
      email: "grace@navy.mil",
      phone: "+12133734253",
      linkedInUrl: "https://www.linkedin.com/in/grace-hopper",
      primaryLanguage: "en",
      profilePictureId: 12,
      strategy: "Long-term",
      blocked: false,
      tags: ["Navy", "COBOL"],
      connections: [
        { company: { kind: "existing", id: "co_navy" }, jobTitle: "Rear Admiral", primary: true },
      ],
      externalRefs: [{ namespace: "hubspot", id: "Gh-1" }],
    });
  });
});

describe("unknown keys (docs/api.md §4.3: rejected, the issue names the key)", () => {
  it.each(["bogus", "firstname", "first_name", "FirstName", "version", "id", "createdAt", "company"])(
    "rejects data.%s at its own path",
    (key) => {
      expect(reject(UpdateContactInput, { id: "ct_1", data: { [key]: "x" } })).toEqual([
        { path: ["data", key], message: `Unknown field "${key}"` },
      ]);
    },
  );

  it("names every unknown key, and still reports the other problems", () => {
    const issues = reject(UpdateContactInput, {
      id: "ct_1",
      data: { firstName: "Ada", bogus: 1, nickname: "A", email: "nope" },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: ["data", "bogus"], message: 'Unknown field "bogus"' },
        { path: ["data", "nickname"], message: 'Unknown field "nickname"' },
        { path: ["data", "email"], message: "Not a valid email address" },
      ]),
    );
    expect(issues).toHaveLength(3);
  });

  it("rejects an unknown key beside data", () => {
    expect(reject(UpdateContactInput, { id: "ct_1", data: {}, dryRun: true })).toEqual([
      { path: ["dryRun"], message: 'Unknown field "dryRun"' },
    ]);
  });

  it("a key set to undefined by an in-process caller reads as omitted, not as an unknown key", () => {
    expect(accept(UpdateContactRequest, { firstName: undefined })).toEqual({});
  });
});

describe("UpdateContactInput (docs/api.md §4: { id, data, expectedVersion? })", () => {
  it("accepts id and data, with or without expectedVersion", () => {
    expect(accept(UpdateContactInput, { id: "ct_1", data: { blocked: true } })).toStrictEqual({
      id: "ct_1",
      data: { blocked: true },
    });
    expect(accept(UpdateContactInput, { id: "ct_1", data: {}, expectedVersion: 3 })).toStrictEqual({
      id: "ct_1",
      data: {},
      expectedVersion: 3,
    });
  });

  it.each([0, -1, 1.5, "3", null])("rejects expectedVersion %j", (expectedVersion) => {
    expect(reject(UpdateContactInput, { id: "ct_1", data: {}, expectedVersion }).map((i) => i.path)).toEqual([
      ["expectedVersion"],
    ]);
  });

  it.each([
    ["no data", { id: "ct_1" }, ["data"]],
    ["null data", { id: "ct_1", data: null }, ["data"]],
    ["a list as data", { id: "ct_1", data: [] }, ["data"]],
    ["a string as data", { id: "ct_1", data: "{}" }, ["data"]],
    ["no id", { data: {} }, ["id"]],
    ["an empty id", { id: "", data: {} }, ["id"]],
    ["a numeric id", { id: 1, data: {} }, ["id"]],
    ["a huge id", { id: "i".repeat(100_000), data: {} }, ["id"]],
  ])("rejects %s", (_why, input, path) => {
    expect(reject(UpdateContactInput, input).map((i) => i.path)).toEqual([path]);
  });

  it.each([null, "x", 1, []])("rejects the input %j at the root", (input) => {
    expect(reject(UpdateContactInput, input).map((i) => i.path)).toEqual([[]]);
  });
});
