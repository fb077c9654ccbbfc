import { describe, expect, it } from "vitest";
import { CONNECTIONS_MAX, Connection, JOB_TITLE_MAX } from "../src";
import { accept, acceptField, reject, rejectField, rejectFieldOnce } from "./support/parse";

const company = (id: string) => ({ kind: "existing", id });

describe("connections (docs/api.md §4.9 and §5)", () => {
  it("stores a list with one primary; primary defaults to false; jobTitle defaults to null", () => {
    expect(
      acceptField("connections", [
        { company: company("co_a"), jobTitle: " Partner ", primary: true },
        { company: company("co_b") },
        { company: company("co_c"), primary: false, jobTitle: null },
      ]),
    ).toEqual([
      { company: company("co_a"), jobTitle: "Partner", primary: true },
      { company: company("co_b"), jobTitle: null, primary: false },
      { company: company("co_c"), jobTitle: null, primary: false },
    ]);
  });

  it("keeps the order given: the primary need not come first", () => {
    const stored = acceptField("connections", [
      { company: company("co_b") },
      { company: company("co_a"), primary: true },
    ]);
    expect(stored).toEqual([
      { company: company("co_b"), jobTitle: null, primary: false },
      { company: company("co_a"), jobTitle: null, primary: true },
    ]);
  });

  it("[] and null both clear", () => {
    expect(acceptField("connections", [])).toEqual([]);
    expect(acceptField("connections", null)).toBeNull();
  });

  it.each([
    ["one connection, primary omitted", [{ company: company("co_a") }]],
    ["one connection, primary false", [{ company: company("co_a"), primary: false }]],
    [
      "three connections, none primary",
      [{ company: company("co_a") }, { company: company("co_b") }, { company: company("co_c") }],
    ],
  ])("rejects no primary: %s", (_why, list) => {
    const issue = rejectFieldOnce("connections", list);
    expect(issue.path).toEqual(["data", "connections"]);
    expect(issue.message).toMatch(/exactly one connection must be primary/i);
  });

  it.each([
    ["two", 2],
    ["three", 3],
  ])("rejects %s primaries", (_why, n) => {
    const list = Array.from({ length: n }, (_, i) => ({ company: company(`co_${i}`), primary: true }));
    const issue = rejectFieldOnce("connections", list);
    expect(issue.path).toEqual(["data", "connections"]);
    expect(issue.message).toMatch(/exactly one connection must be primary/i);
  });

  it("rejects the same company twice, pointing at the repeated id", () => {
    expect(
      rejectFieldOnce("connections", [
        { company: company("co_a"), primary: true },
        { company: company("co_a"), jobTitle: "Advisor" },
      ]),
    ).toEqual({
      path: ["data", "connections", 1, "company", "id"],
      message: "This company is already connected to the contact",
    });
    expect(
      rejectFieldOnce("connections", [
        { company: company("co_a"), primary: true },
        { company: company("co_b") },
        { company: company("co_b") },
      ]).path,
    ).toEqual(["data", "connections", 2, "company", "id"]);
  });

  it("company ids are case-sensitive opaque strings", () => {
    expect(
      acceptField("connections", [{ company: company("co_a"), primary: true }, { company: company("CO_A") }]),
    ).toHaveLength(2);
  });

  it("reports a duplicate and a wrong primary count together", () => {
    const paths = rejectField("connections", [
      { company: company("co_a") },
      { company: company("co_a") },
    ]).map((i) => i.path);
    expect(paths).toEqual([
      ["data", "connections"],
      ["data", "connections", 1, "company", "id"],
    ]);
  });

  it.each([
    ["new", { kind: "new", id: "co_a" }],
    ["missing", { id: "co_a" }],
    ["null", { kind: null, id: "co_a" }],
    ["upper-case", { kind: "EXISTING", id: "co_a" }],
  ])("rejects company.kind %s", (_why, ref) => {
    expect(rejectFieldOnce("connections", [{ company: ref, primary: true }])).toEqual({
      path: ["data", "connections", 0, "company", "kind"],
      message: "Invalid discriminator value. Expected 'existing'",
    });
  });

  it.each([
    ["an empty id", { kind: "existing", id: "" }, ["data", "connections", 0, "company", "id"]],
    ["a missing id", { kind: "existing" }, ["data", "connections", 0, "company", "id"]],
    ["a numeric id", { kind: "existing", id: 7 }, ["data", "connections", 0, "company", "id"]],
    ["a bare id", "co_a", ["data", "connections", 0, "company"]],
    [
      "an unknown key",
      { kind: "existing", id: "co_a", name: "Acme" },
      ["data", "connections", 0, "company", "name"],
    ],
  ])("rejects a company with %s", (_why, ref, path) => {
    expect(rejectFieldOnce("connections", [{ company: ref, primary: true }]).path).toEqual(path);
  });

  it("rejects an unknown key on a connection at its path", () => {
    expect(
      rejectFieldOnce("connections", [{ company: company("co_a"), primary: true, title: "CEO" }]),
    ).toEqual({
      path: ["data", "connections", 0, "title"],
      message: 'Unknown field "title"',
    });
  });

  it.each(["yes", 1, null])("rejects primary %j", (primary) => {
    expect(rejectField("connections", [{ company: company("co_a"), primary }])[0]?.path).toEqual([
      "data",
      "connections",
      0,
      "primary",
    ]);
  });

  describe("jobTitle (≤ 200 chars, trimmed, empty → null)", () => {
    const one = (jobTitle: unknown) => [{ company: company("co_a"), primary: true, jobTitle }];
    const max = "j".repeat(JOB_TITLE_MAX);

    it.each([
      [" CEO ", "CEO"],
      [max, max],
      [`  ${max}  `, max],
      ["", null],
      ["   ", null],
      [null, null],
    ])("stores %j as %j", (input, stored) => {
      expect(acceptField("connections", one(input))).toEqual([
        { company: company("co_a"), jobTitle: stored, primary: true },
      ]);
    });

    it("rejects 201 chars at its path", () => {
      expect(rejectFieldOnce("connections", one(`${max}j`))).toEqual({
        path: ["data", "connections", 0, "jobTitle"],
        message: "At most 200 characters",
      });
    });

    it("rejects a non-string", () => {
      expect(rejectFieldOnce("connections", one(3)).path).toEqual(["data", "connections", 0, "jobTitle"]);
    });
  });

  it(`accepts ${CONNECTIONS_MAX} connections and rejects ${CONNECTIONS_MAX + 1}`, () => {
    const list = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ company: company(`co_${i}`), primary: i === 0 }));
    expect(acceptField("connections", list(CONNECTIONS_MAX))).toHaveLength(CONNECTIONS_MAX);
    expect(rejectFieldOnce("connections", list(CONNECTIONS_MAX + 1)).path).toEqual(["data", "connections"]);
  });

  it("rejects a single connection object instead of a list", () => {
    expect(rejectFieldOnce("connections", { company: company("co_a"), primary: true }).path).toEqual([
      "data",
      "connections",
    ]);
  });

  it("Connection on its own", () => {
    expect(accept(Connection, { company: company("x") })).toEqual({
      company: company("x"),
      jobTitle: null,
      primary: false,
    });
    expect(reject(Connection, {})[0]?.path).toEqual(["company"]);
  });
});
