import { describe, expect, it } from "vitest";
import { EMAIL_MAX, Email } from "../src";
import { accept, acceptField, reject, rejectFieldOnce } from "./support/parse";

/** An address of exactly `length` chars: a long local part at example.com. */
function addressOfLength(length: number): string {
  const domain = "@example.com";
  return `${"a".repeat(length - domain.length)}${domain}`;
}

describe("email (docs/api.md §5: valid address ≤ 254 chars, trimmed, lower-cased)", () => {
  it.each([
    ["ada@example.com", "ada@example.com"],
    ["Ada.Lovelace@Example.COM", "ada.lovelace@example.com"],
    ["  GRACE+crm@navy.mil.us \n", "grace+crm@navy.mil.us"],
    ["first_last-1@sub.domain.example.se", "first_last-1@sub.domain.example.se"],
  ])("stores %j as %j", (input, stored) => {
    expect(acceptField("email", input)).toBe(stored);
  });

  it("accepts 254 chars and rejects 255", () => {
    const at254 = addressOfLength(EMAIL_MAX);
    expect(at254).toHaveLength(254);
    expect(acceptField("email", at254)).toBe(at254);
    expect(acceptField("email", `  ${at254.toUpperCase()}  `)).toBe(at254);
    expect(rejectFieldOnce("email", addressOfLength(EMAIL_MAX + 1))).toEqual({
      path: ["data", "email"],
      message: "At most 254 characters",
    });
  });

  it.each([
    "ada",
    "ada@",
    "@example.com",
    "ada@example",
    "ada lovelace@example.com",
    "ada@@example.com",
    "ada..lovelace@example.com",
    ".ada@example.com",
    "ada@example..com",
    "ada@exa mple.com",
    "<ada@example.com>",
    "Ada Lovelace <ada@example.com>",
  ])("rejects %j", (input) => {
    expect(rejectFieldOnce("email", input)).toEqual({
      path: ["data", "email"],
      message: "Not a valid email address",
    });
  });

  it.each(["", "   "])("treats %j as null", (input) => {
    expect(acceptField("email", input)).toBeNull();
  });

  it("Email on its own rejects blank and non-strings", () => {
    expect(reject(Email, "  ")[0]?.message).toBe("Not a valid email address");
    expect(reject(Email, 42)[0]?.message).toMatch(/expected string/);
    expect(accept(Email, "A@B.CO")).toBe("a@b.co");
  });
});
