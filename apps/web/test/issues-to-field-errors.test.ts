import { describe, expect, it } from "vitest";
import {
  errorsAt,
  errorsOutside,
  errorsUnder,
  issuesToFieldErrors,
} from "@/features/contacts/issues-to-field-errors";

describe("issuesToFieldErrors", () => {
  const issues = [
    { path: ["data", "phone"], message: "Not a valid phone number" },
    { path: ["data", "connections", 1, "company", "id"], message: "No such company" },
    { path: ["data", "connections"], message: "Exactly one connection must be primary" },
    { path: ["data", "bogus"], message: 'Unknown field "bogus"' },
    { path: ["expectedVersion"], message: "Versions start at 1" },
  ];
  const errors = issuesToFieldErrors(issues, ["data"]);

  it("maps update paths to form paths without the leading data", () => {
    expect(errorsAt(errors, "phone")).toEqual(["Not a valid phone number"]);
    expect(errorsAt(errors, "connections.1.company.id")).toEqual(["No such company"]);
    expect(errorsAt(errors, "connections")).toEqual(["Exactly one connection must be primary"]);
  });

  it("collects a row's messages, and only that row's", () => {
    expect(errorsUnder(errors, "connections.1")).toEqual(["No such company"]);
    expect(errorsUnder(errors, "connections.0")).toEqual([]);
  });

  it("reports what no field shows, so nothing is lost", () => {
    expect(errorsOutside(errors, ["phone", "connections"])).toEqual([
      'bogus: Unknown field "bogus"',
      "expectedVersion: Versions start at 1",
    ]);
  });

  it("takes create paths as they are", () => {
    expect(issuesToFieldErrors([{ path: ["firstName"], message: "m" }])).toEqual({ firstName: ["m"] });
  });
});
