// @vitest-environment node
import { describe, expect, it } from "vitest";
import { GET as page } from "@/app/api-reference/route";
import { GET as scalar } from "@/app/api-reference/scalar.js/route";

/** The API reference page works offline: Scalar comes from the npm package, the document from /api/v1. */
describe("/api-reference", () => {
  it("is a page that loads Scalar from this app and the live OpenAPI document", async () => {
    const res = page();
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<script src="/api-reference/scalar.js"></script>');
    expect(html).toContain('url: "/api/v1/openapi.json"');
    // Nothing from another origin: no CDN, no web fonts.
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("withDefaultFonts: false");
    expect(html).toContain("agent: { disabled: true }");
  });

  it("serves Scalar's standalone bundle from the installed package", async () => {
    const res = await scalar();
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js.length).toBeGreaterThan(1_000_000);
    expect(js).toContain("createApiReference");
  });
});
