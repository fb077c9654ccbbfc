import { describe, expect, it } from "vitest";
import { Phone } from "../src";
import { accept, acceptField, reject, rejectFieldOnce } from "./support/parse";

const INVALID = "Not a valid phone number in international form, e.g. +46 70 123 45 67";

describe("phone (docs/api.md §5: valid in international form, stored as E.164)", () => {
  it.each([
    ["+46701234567", "+46701234567"],
    ["+46 70-123 45 67", "+46701234567"],
    ["+46 70 123 45 67", "+46701234567"],
    ["+46.70.123.45.67", "+46701234567"],
    ["+46 (0)70 123 45 67", "+46701234567"],
    ["  +46701234567\t", "+46701234567"],
    ["+1 (213) 373-4253", "+12133734253"],
    ["+44 20 7946 0958", "+442079460958"],
    ["+47 912 34 567", "+4791234567"],
    ["+49 30 901820", "+4930901820"],
  ])("stores %j as %j", (input, stored) => {
    expect(acceptField("phone", input)).toBe(stored);
  });

  it.each([
    ["national form without +", "070-123 45 67"],
    ["digits without +", "46701234567"],
    ["international 00 prefix", "0046701234567"],
    ["too short", "+46 12"],
    ["too long", "+46 70 123 45 67 89 01"],
    ["country code 0", "+0 123 456 789"],
    ["unassigned country code", "+999 123 456 789"],
    ["a bare plus", "+"],
    ["letters", "+46 70 ABC DE FG"],
    ["no digits", "phone"],
    ["trailing text", "+46 70 123 45 67 call me"],
    ["trailing letters", "+46701234567abc"],
    ["two numbers", "+46 70 123 45 67 / +46 8 123 456"],
  ])("rejects %s: %j", (_why, input) => {
    expect(rejectFieldOnce("phone", input)).toEqual({ path: ["data", "phone"], message: INVALID });
  });

  it("rejects a huge string before parsing it", () => {
    expect(rejectFieldOnce("phone", `+46${"1".repeat(100_000)}`).message).toBe("At most 64 characters");
  });

  it.each(["", "  "])("treats %j as null", (input) => {
    expect(acceptField("phone", input)).toBeNull();
  });

  it.each([46701234567, true])("rejects the non-string %j", (input) => {
    expect(rejectFieldOnce("phone", input).message).toMatch(/expected string/);
  });

  it("Phone on its own: E.164 in, the same E.164 out", () => {
    expect(accept(Phone, "+4791234567")).toBe("+4791234567");
    expect(reject(Phone, "")).toEqual([{ path: [], message: INVALID }]);
  });
});
