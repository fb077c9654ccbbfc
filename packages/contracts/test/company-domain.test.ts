import { describe, expect, it } from "vitest";
import { CompanyDomain, hostOfWebsite } from "../src";
import { accept, expectReadable, reject } from "./support/parse";

describe("company domain (docs/api.md §5: a domain or website, stored as its lower-case host)", () => {
  it.each([
    ["aurora.se", "aurora.se"],
    ["AURORA.SE", "aurora.se"],
    [" www.aurora.se ", "aurora.se"],
    ["https://www.aurora.se/en/ir?q=1#x", "aurora.se"],
    ["HTTP://IR.Aurora.se:8443/", "ir.aurora.se"],
    ["aurora.se:8080", "aurora.se"],
    ["aurora.se/ir", "aurora.se"],
    ["aurora.se.", "aurora.se"],
    ["https://bücher.de", "xn--bcher-kva.de"],
    ["xn--bcher-kva.de", "xn--bcher-kva.de"],
    ["www2.aurora.se", "www2.aurora.se"],
  ])("stores %j as %j", (input, stored) => {
    expect(accept(CompanyDomain, input)).toBe(stored);
  });

  it.each([[""], ["   "], [null]])("%j is no domain", (input) => {
    expect(accept(CompanyDomain, input)).toBeNull();
  });

  it.each([
    ["aurora"],
    ["localhost"],
    ["10.0.0.1"],
    ["aurora.123"],
    ["a b.se"],
    ["ftp://aurora.se"],
    ["mailto:ir@aurora.se"],
    ["ir@aurora.se"],
    ["-aurora.se"],
    ["aurora-.se"],
    ["auro_ra.se"],
    ["https://"],
    ["http://[::1]/"],
  ])("refuses %j with a readable message", (input) => {
    const issues = reject(CompanyDomain, input);
    expect(issues).toHaveLength(1);
    expectReadable(issues[0]?.message ?? "");
  });

  it("the host without www. is what hostOfWebsite reads", () => {
    expect(hostOfWebsite("https://user:pw@www.aurora.se:99/x")).toBe("aurora.se");
    expect(hostOfWebsite("not a url")).toBeNull();
  });
});
