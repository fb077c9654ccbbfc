import { describe, expect, it } from "vitest";
import { dedupeTags, TAG_MAX, TAGS_MAX, Tags } from "../src";
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
