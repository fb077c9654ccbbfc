import { describe, expect, it } from "vitest";
import { API_KEY_SCOPES, CreateApiKeyRequest, grantsScope, listedScopes, scopesOfStored } from "../src";

describe("CreateApiKeyRequest scopes", () => {
  it("collapses duplicates into the canonical order", () => {
    const parsed = CreateApiKeyRequest.parse({
      name: "k",
      scopes: ["api_keys:manage", "contacts:read", "api_keys:manage"],
    });
    expect(parsed.scopes).toEqual(["contacts:read", "api_keys:manage"]);
  });

  it("leaves scopes out when omitted (full access)", () => {
    expect(CreateApiKeyRequest.parse({ name: "k" })).toEqual({ name: "k" });
  });

  it("names the position of an unknown scope and says which are known", () => {
    const result = CreateApiKeyRequest.safeParse({ name: "k", scopes: ["contacts:read", "contacts:*"] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [["scopes", 1], `Unknown scope "contacts:*"; expected one of ${API_KEY_SCOPES.join(", ")}`],
    ]);
  });

  it("wants at least one scope", () => {
    const result = CreateApiKeyRequest.safeParse({ name: "k", scopes: [] });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [["scopes"], "Choose at least one scope"],
    ]);
  });
});

describe("stored scopes", () => {
  it("null is full access, listed as every scope", () => {
    expect(scopesOfStored(null)).toBe("all");
    expect(listedScopes("all")).toEqual([...API_KEY_SCOPES]);
    expect(grantsScope("all", "webhooks:manage")).toBe(true);
  });

  it("a word this version does not know grants nothing", () => {
    const grant = scopesOfStored(["contacts:read", "reports:read"]);
    expect(grant).toEqual(["contacts:read"]);
    expect(grantsScope(grant, "contacts:read")).toBe(true);
    expect(grantsScope(grant, "contacts:write")).toBe(false);
  });
});
