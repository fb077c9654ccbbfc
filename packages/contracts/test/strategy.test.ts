import { describe, expect, it } from "vitest";
import { STRATEGY_MAX } from "../src";
import { acceptField, rejectFieldOnce } from "./support/parse";

const max = "s".repeat(STRATEGY_MAX);

describe("strategy (docs/api.md §5: string ≤ 10,000 chars, trimmed)", () => {
  it.each([
    ["Buy and hold", "Buy and hold"],
    ["  Growth\n\nLong only.  \n", "Growth\n\nLong only."],
    ["x", "x"],
  ])("stores %j as %j", (input, stored) => {
    expect(acceptField("strategy", input)).toBe(stored);
  });

  it("accepts 10,000 chars (also with whitespace around) and rejects 10,001", () => {
    expect(acceptField("strategy", max)).toBe(max);
    expect(acceptField("strategy", `\n${max}\n`)).toBe(max);
    expect(rejectFieldOnce("strategy", `${max}s`)).toEqual({
      path: ["data", "strategy"],
      message: "At most 10000 characters",
    });
  });

  it.each(["", "   ", "\n\t"])("treats %j as null", (input) => {
    expect(acceptField("strategy", input)).toBeNull();
  });

  it("rejects a non-string", () => {
    expect(rejectFieldOnce("strategy", 10).message).toMatch(/expected string/);
  });
});
