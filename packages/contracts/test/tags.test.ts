import { describe, expect, it } from "vitest";
import {
  dedupeTags,
  ListTagsInput,
  MergeTagsInput,
  normalizeTag,
  RenameTagInput,
  splitTagInput,
  TAG_MAX,
  TAGS_MAX,
  Tag,
  Tags,
} from "../src";
import { accept, acceptField, reject, rejectField, rejectFieldOnce } from "./support/parse";

const tagList = (n: number) => Array.from({ length: n }, (_, i) => `tag-${i}`);

describe("tags (docs/api.md §5: ≤ 100 strings, each 1–64 chars after trim, case-insensitive dedupe)", () => {
  it.each([
    [
      ["investor", "vip"],
      ["investor", "vip"],
    ],
    [
      ["  vip  ", "\tlead\n"],
      ["vip", "lead"],
    ],
    [["VIP", "vip", "Vip"], ["VIP"]],
    [["vip", "VIP"], ["vip"]],
    [
      [" VIP ", "vip", "Lead", "LEAD", "a"],
      ["VIP", "Lead", "a"],
    ],
    [
      ["b", "a", "B", "c", "A"],
      ["b", "a", "c"],
    ],
    [["Ärende", "ärende", "ÄRENDE"], ["Ärende"]],
    [[], []],
  ])("stores %j as %j (first spelling and order kept)", (input, stored) => {
    expect(acceptField("tags", input)).toEqual(stored);
  });

  it("null clears", () => {
    expect(acceptField("tags", null)).toBeNull();
  });

  it("accepts 100 tags and rejects 101", () => {
    expect(acceptField("tags", tagList(TAGS_MAX))).toEqual(tagList(TAGS_MAX));
    expect(rejectFieldOnce("tags", tagList(TAGS_MAX + 1))).toEqual({
      path: ["data", "tags"],
      message: "At most 100 tags",
    });
  });

  it("counts the tags sent, before duplicates are dropped", () => {
    const sent = [...tagList(60), ...tagList(41).map((t) => t.toUpperCase())];
    expect(rejectFieldOnce("tags", sent).path).toEqual(["data", "tags"]);
  });

  it("accepts a 64-char tag (also padded) and rejects 65 chars at its index", () => {
    const max = "t".repeat(TAG_MAX);
    expect(acceptField("tags", [max, ` ${max.toUpperCase()} `])).toEqual([max]);
    expect(rejectFieldOnce("tags", ["ok", `${max}t`])).toEqual({
      path: ["data", "tags", 1],
      message: "At most 64 characters",
    });
  });

  it.each(["", " ", "\t\n"])("rejects the empty tag %j at its index", (tag) => {
    expect(rejectFieldOnce("tags", ["ok", "fine", tag])).toEqual({
      path: ["data", "tags", 2],
      message: "Must not be empty",
    });
  });

  it("reports every bad tag, each at its own index", () => {
    expect(rejectField("tags", ["", "ok", 5, "t".repeat(65)]).map((i) => i.path)).toEqual([
      ["data", "tags", 0],
      ["data", "tags", 2],
      ["data", "tags", 3],
    ]);
  });

  it.each(["vip", { tag: "vip" }, 1])("rejects %j instead of a list", (input) => {
    expect(rejectFieldOnce("tags", input).path).toEqual(["data", "tags"]);
  });

  it("Tags and dedupeTags on their own", () => {
    expect(accept(Tags, ["a", "A", " b "])).toEqual(["a", "b"]);
    expect(reject(Tags, null)[0]?.path).toEqual([]);
    expect(dedupeTags(["x", "Y", "y", "X", "z"])).toEqual(["x", "Y", "z"]);
  });
});

describe("tag normalization (docs/decisions.md: tags are a vocabulary)", () => {
  it.each([
    ["ESG,", "ESG"],
    ["ESG;", "ESG"],
    [" ; ESG. ", "ESG"],
    ["Nordics:", "Nordics"],
    [",,Tier 1,,", "Tier 1"],
    ["Tier   1", "Tier 1"],
    ["Tier\t\n1", "Tier 1"],
    ["U.S. equities", "U.S. equities"],
    ["Tier 1.5", "Tier 1.5"],
    ["C++", "C++"],
    ["#esg", "#esg"],
    ["ESG，", "ESG"],
    ["• ESG", "ESG"],
  ])("normalizes %j to %j", (raw, tag) => {
    expect(normalizeTag(raw)).toBe(tag);
    expect(accept(Tag, raw)).toBe(tag);
  });

  it.each([",", " ; ", "...", "|"])("rejects %j, which is nothing but punctuation, as empty", (raw) => {
    expect(reject(Tag, raw)).toEqual([{ path: [], message: "Must not be empty" }]);
  });

  it("counts the length after normalization: 64 chars fit with their comma, 65 do not", () => {
    const max = "t".repeat(TAG_MAX);
    expect(accept(Tag, `${max},`)).toBe(max);
    expect(accept(Tag, ` ${max}; `)).toBe(max);
    expect(reject(Tag, `${max}t,`)).toEqual([{ path: [], message: "At most 64 characters" }]);
  });

  it("drops duplicates that differ only by punctuation or spacing", () => {
    expect(acceptField("tags", ["ESG", "esg,", "Tier  1", "tier 1;"])).toEqual(["ESG", "Tier 1"]);
  });

  it.each([
    ["ESG, Nordics; Tier 1", ["ESG", "Nordics", "Tier 1"]],
    ["ESG, Nordics;", ["ESG", "Nordics"]],
    ["ESG\nNordics\tTier 1|Family office", ["ESG", "Nordics", "Tier 1", "Family office"]],
    ["U.S. equities, Tier 1.5", ["U.S. equities", "Tier 1.5"]],
    [" , ; ", []],
  ])("splits pasted %j into %j", (text, tags) => {
    expect(splitTagInput(text)).toEqual(tags);
  });
});

describe("tag vocabulary inputs (tag.list, tag.rename, tag.merge)", () => {
  it("tag.list: prefix normalized, empty prefix is none, limit 1–1000 with default 100", () => {
    expect(accept(ListTagsInput, {})).toEqual({ limit: 100 });
    expect(accept(ListTagsInput, { prefix: " esg, ", limit: 1000 })).toEqual({ prefix: "esg", limit: 1000 });
    expect(accept(ListTagsInput, { prefix: " , " })).toEqual({ limit: 100 });
    expect(reject(ListTagsInput, { limit: 1001 })[0]?.path).toEqual(["limit"]);
    expect(reject(ListTagsInput, { limit: 0 })[0]?.path).toEqual(["limit"]);
    expect(reject(ListTagsInput, { prefix: "x".repeat(201) })[0]?.path).toEqual(["prefix"]);
    expect(reject(ListTagsInput, { prefx: "e" })[0]?.path).toEqual(["prefx"]);
  });

  it("tag.rename: both tags normalized and checked, dryRun defaults to false", () => {
    // `from` names a tag as stored (maybe saved before normalization), `to` is normalized.
    expect(accept(RenameTagInput, { from: " esg, ", to: " ESG; " })).toEqual({
      from: "esg,",
      to: "ESG",
      dryRun: false,
    });
    expect(reject(RenameTagInput, { from: "esg", to: "," })).toEqual([
      { path: ["to"], message: "Must not be empty" },
    ]);
    expect(reject(RenameTagInput, { from: "t".repeat(65), to: "x" })[0]?.path).toEqual(["from"]);
  });

  it("tag.merge: 1–100 tags to merge, each at its index", () => {
    expect(accept(MergeTagsInput, { from: ["a", "b;"], into: "c", dryRun: true })).toEqual({
      from: ["a", "b;"],
      into: "c",
      dryRun: true,
    });
    expect(reject(MergeTagsInput, { from: [], into: "c" })[0]?.path).toEqual(["from"]);
    expect(reject(MergeTagsInput, { from: ["a", ""], into: "c" })[0]?.path).toEqual(["from", 1]);
    expect(accept(MergeTagsInput, { from: tagList(TAGS_MAX), into: "c" }).from).toHaveLength(TAGS_MAX);
    expect(reject(MergeTagsInput, { from: tagList(TAGS_MAX + 1), into: "c" })[0]?.path).toEqual(["from"]);
  });
});
