import { describe, expect, it } from "vitest";
import { LANGUAGES, LanguageCode } from "../src";
import { accept, acceptField, reject, rejectFieldOnce } from "./support/parse";

const INVALID = "Not an ISO 639-1 language code, e.g. 'en' or 'sv'";

describe("primaryLanguage (docs/api.md §5: the real ISO 639-1 list, any case, stored lower case)", () => {
  it.each([
    ["en", "en"],
    ["sv", "sv"],
    ["EN", "en"],
    ["Sv", "sv"],
    ["dE", "de"],
    [" fi ", "fi"],
    ["zh", "zh"],
    ["nb", "nb"],
    ["yo", "yo"],
    ["zu", "zu"],
  ])("stores %j as %j", (input, stored) => {
    expect(acceptField("primaryLanguage", input)).toBe(stored);
  });

  it.each([
    ["xx", "two letters but no language"],
    ["zz", "two letters but no language"],
    ["XX", "two letters but no language"],
    ["qa", "reserved for local use"],
    ["eng", "ISO 639-2, not 639-1"],
    ["e", "one letter"],
    ["en-US", "a locale tag"],
    ["en_US", "a locale"],
    ["12", "digits"],
    ["English", "a language name"],
  ])("rejects %j (%s)", (input) => {
    expect(rejectFieldOnce("primaryLanguage", input)).toEqual({
      path: ["data", "primaryLanguage"],
      message: INVALID,
    });
  });

  it.each(["", "  "])("treats %j as null", (input) => {
    expect(acceptField("primaryLanguage", input)).toBeNull();
  });

  it("LANGUAGES, offered to pickers, is the real list and every code in it is accepted", () => {
    expect(LANGUAGES.length).toBeGreaterThanOrEqual(180);
    expect(LANGUAGES.length).toBeLessThan(200);
    expect(LANGUAGES.find((l) => l.code === "sv")?.name).toBe("Swedish");
    for (const { code } of LANGUAGES) {
      expect(accept(LanguageCode, code.toUpperCase())).toBe(code);
    }
  });

  it("LanguageCode on its own rejects blank", () => {
    expect(reject(LanguageCode, "")).toEqual([{ path: [], message: INVALID }]);
  });
});
