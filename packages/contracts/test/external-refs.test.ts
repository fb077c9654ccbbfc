import { describe, expect, it } from "vitest";
import { EXTERNAL_ID_MAX, EXTERNAL_REFS_MAX, ExternalRef, NAMESPACE_MAX } from "../src";
import { accept, acceptField, reject, rejectField, rejectFieldOnce } from "./support/parse";

const ref = (namespace: unknown, id: unknown) => ({ namespace, id });

describe("externalRefs (docs/api.md §4.10 and §5)", () => {
  it("lower-cases the namespace and keeps the id as given", () => {
    expect(
      acceptField("externalRefs", [
        ref("Salesforce", "003Dn00000AbCdE"),
        ref("csv-import.2024_Q1", " Row 7 "),
      ]),
    ).toEqual([ref("salesforce", "003Dn00000AbCdE"), ref("csv-import.2024_q1", " Row 7 ")]);
  });

  it("rejects an id of only spaces", () => {
    expect(rejectFieldOnce("externalRefs", [ref("hubspot", "   ")])).toEqual({
      path: ["data", "externalRefs", 0, "id"],
      message: "Must not be empty",
    });
  });

  it("[] and null both clear", () => {
    expect(acceptField("externalRefs", [])).toEqual([]);
    expect(acceptField("externalRefs", null)).toBeNull();
  });

  it("accepts a 50-char namespace and rejects 51", () => {
    const max = "N".repeat(NAMESPACE_MAX);
    expect(acceptField("externalRefs", [ref(max, "1")])).toEqual([ref(max.toLowerCase(), "1")]);
    expect(rejectFieldOnce("externalRefs", [ref(`${max}n`, "1")])).toEqual({
      path: ["data", "externalRefs", 0, "namespace"],
      message: "At most 50 characters",
    });
  });

  it.each(["hub spot", " hubspot", "hub/spot", "hubspot:", "häagen", "名前", "a+b"])(
    "rejects the namespace %j",
    (namespace) => {
      expect(rejectFieldOnce("externalRefs", [ref(namespace, "1")])).toEqual({
        path: ["data", "externalRefs", 0, "namespace"],
        message: "Only letters, digits, '.', '_' and '-'",
      });
    },
  );

  it("rejects an empty namespace", () => {
    const issues = rejectField("externalRefs", [ref("", "1")]);
    expect(issues).toContainEqual({
      path: ["data", "externalRefs", 0, "namespace"],
      message: "Must not be empty",
    });
    for (const issue of issues) expect(issue.path).toEqual(["data", "externalRefs", 0, "namespace"]);
  });

  it("accepts a 255-char id and rejects 256 and empty", () => {
    const max = "I".repeat(EXTERNAL_ID_MAX);
    expect(acceptField("externalRefs", [ref("crm", max)])).toEqual([ref("crm", max)]);
    expect(rejectFieldOnce("externalRefs", [ref("crm", `${max}i`)])).toEqual({
      path: ["data", "externalRefs", 0, "id"],
      message: "At most 255 characters",
    });
    expect(rejectFieldOnce("externalRefs", [ref("crm", "")])).toEqual({
      path: ["data", "externalRefs", 0, "id"],
      message: "Must not be empty",
    });
  });

  it("rejects a numeric id (ids are strings)", () => {
    expect(rejectFieldOnce("externalRefs", [ref("crm", 42)]).path).toEqual(["data", "externalRefs", 0, "id"]);
  });

  it("ids are case-sensitive: the same id in another case is another reference", () => {
    expect(acceptField("externalRefs", [ref("crm", "abc"), ref("CRM", "ABC")])).toEqual([
      ref("crm", "abc"),
      ref("crm", "ABC"),
    ]);
  });

  it("the same id in different namespaces is fine", () => {
    expect(acceptField("externalRefs", [ref("hubspot", "1"), ref("salesforce", "1")])).toHaveLength(2);
  });

  it.each([
    ["exactly the same pair", [ref("crm", "1"), ref("crm", "1")]],
    ["the namespace in another case", [ref("crm", "1"), ref("CRM", "1")]],
    ["mixed case on both", [ref("Hub.Spot", "x-9"), ref("hub.SPOT", "x-9")]],
  ])("rejects the same pair twice: %s", (_why, list) => {
    const issue = rejectFieldOnce("externalRefs", list);
    expect(issue.path).toEqual(["data", "externalRefs", 1]);
    expect(issue.message).toMatch(/appears more than once/);
  });

  it("points at each repetition", () => {
    const paths = rejectField("externalRefs", [
      ref("a", "1"),
      ref("b", "1"),
      ref("A", "1"),
      ref("a", "1"),
    ]).map((i) => i.path);
    expect(paths).toEqual([
      ["data", "externalRefs", 2],
      ["data", "externalRefs", 3],
    ]);
  });

  it("rejects unknown keys and missing keys at their paths", () => {
    expect(rejectFieldOnce("externalRefs", [{ namespace: "crm", id: "1", url: "x" }])).toEqual({
      path: ["data", "externalRefs", 0, "url"],
      message: 'Unknown field "url"',
    });
    expect(rejectFieldOnce("externalRefs", [{ namespace: "crm" }]).path).toEqual([
      "data",
      "externalRefs",
      0,
      "id",
    ]);
  });

  it(`accepts ${EXTERNAL_REFS_MAX} references and rejects ${EXTERNAL_REFS_MAX + 1}`, () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => ref("crm", `id-${i}`));
    expect(acceptField("externalRefs", list(EXTERNAL_REFS_MAX))).toHaveLength(EXTERNAL_REFS_MAX);
    expect(rejectFieldOnce("externalRefs", list(EXTERNAL_REFS_MAX + 1)).path).toEqual([
      "data",
      "externalRefs",
    ]);
  });

  it("ExternalRef on its own", () => {
    expect(accept(ExternalRef, ref("HubSpot", "Q"))).toEqual(ref("hubspot", "Q"));
    expect(reject(ExternalRef, ref("hubspot", null))[0]?.path).toEqual(["id"]);
  });
});
