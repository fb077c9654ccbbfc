import { describe, expect, it } from "vitest";
import { PERSON_NAME_MAX, PersonName } from "../src";
import { accept, acceptField, reject, rejectFieldOnce } from "./support/parse";

const max = "a".repeat(PERSON_NAME_MAX);

describe.each(["firstName", "lastName"] as const)(
  "%s (docs/api.md §5: 1–200 chars after trim, trimmed)",
  (field) => {
    it.each([
      ["Ada", "Ada"],
      ["  Ada  ", "Ada"],
      ["\tÅsa Maria\n", "Åsa Maria"],
      ["\u00a0Zoë\u00a0", "Zoë"],
      ["O'Brien-Smith", "O'Brien-Smith"],
      ["x", "x"],
      [max, max],
      [`   ${max}   `, max],
    ])("stores %j as %j", (input, stored) => {
      expect(acceptField(field, input)).toBe(stored);
    });

    it.each(["", " ", "   ", "\t\n", "\u00a0"])("treats %j as null (clear)", (input) => {
      expect(acceptField(field, input)).toBeNull();
    });

    it("accepts null as clear", () => {
      expect(acceptField(field, null)).toBeNull();
    });

    it("rejects 201 chars after trim", () => {
      expect(rejectFieldOnce(field, `${max}a`)).toEqual({
        path: ["data", field],
        message: "At most 200 characters",
      });
      expect(rejectFieldOnce(field, `  ${max}b  `).message).toBe("At most 200 characters");
    });

    it("rejects a huge string with the same clear message", () => {
      expect(rejectFieldOnce(field, "a".repeat(1_000_000)).message).toBe("At most 200 characters");
    });

    it.each([5, true, ["Ada"], { name: "Ada" }])("rejects the non-string %j", (input) => {
      expect(rejectFieldOnce(field, input).message).toMatch(/expected string/);
    });
  },
);

describe("PersonName on its own", () => {
  it("has no null or empty meaning: an empty name is an error", () => {
    expect(reject(PersonName, "   ")).toEqual([{ path: [], message: "Must not be empty" }]);
    expect(reject(PersonName, null)[0]?.path).toEqual([]);
  });

  it("trims", () => {
    expect(accept(PersonName, " Grace ")).toBe("Grace");
  });
});
