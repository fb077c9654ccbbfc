import { describe, expect, it } from "vitest";
import { CreateContactRequest, IDENTITY_REQUIRED_MESSAGE, UpdateContactRequest } from "../src";
import { accept, reject } from "./support/parse";

const IDENTITY_ISSUE = { path: ["firstName"], message: IDENTITY_REQUIRED_MESSAGE };

describe("CreateContactRequest (docs/api.md §6: update's fields and rules, plus an identity)", () => {
  it.each([
    [{ firstName: "Ada" }, { firstName: "Ada" }],
    [{ lastName: " Lovelace " }, { lastName: "Lovelace" }],
    [{ email: "ADA@example.com" }, { email: "ada@example.com" }],
    [
      { firstName: "", lastName: null, email: "a@b.co" },
      { firstName: null, lastName: null, email: "a@b.co" },
    ],
  ])("accepts %j", (input, output) => {
    expect(accept(CreateContactRequest, input)).toStrictEqual(output);
  });

  it.each([
    ["an empty body", {}],
    ["only other fields", { phone: "+46701234567", tags: ["vip"], blocked: false }],
    ["identity fields null", { firstName: null, lastName: null, email: null }],
    ["identity fields blank", { firstName: "  ", lastName: "", email: "\t" }],
  ])("needs one of firstName, lastName, email: rejects %s", (_why, input) => {
    expect(reject(CreateContactRequest, input)).toEqual([IDENTITY_ISSUE]);
  });

  it("rejects unknown keys at their path", () => {
    expect(reject(CreateContactRequest, { firstName: "Ada", id: "ct_9" })).toEqual([
      { path: ["id"], message: 'Unknown field "id"' },
    ]);
  });

  it("applies the same field rules as an update", () => {
    const input = {
      firstName: " Ada ",
      email: "ADA@Example.com",
      tags: ["Math", "math"],
      connections: [{ company: { kind: "existing", id: "co_1" }, primary: true }],
    };
    expect(accept(CreateContactRequest, input)).toStrictEqual(accept(UpdateContactRequest, input));
    expect(reject(CreateContactRequest, { firstName: "Ada", phone: "0701234567" })).toEqual(
      reject(UpdateContactRequest, { phone: "0701234567" }),
    );
  });
});
