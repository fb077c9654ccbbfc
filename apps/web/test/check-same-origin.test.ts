// @vitest-environment node
// (happy-dom's Request drops the headers a browser may not set: cookie, origin, sec-*.)
import { describe, expect, it } from "vitest";
import { crossSiteReason } from "@/server/check-same-origin";

const post = (headers: Record<string, string>) =>
  new Request("http://app.example/api/trpc/contact.update", {
    method: "POST",
    headers: { host: "app.example", ...headers },
  });

describe("crossSiteReason (CSRF guard of /api/trpc)", () => {
  it("lets same-origin browser writes through", () => {
    expect(crossSiteReason(post({ cookie: "s=1", "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(crossSiteReason(post({ cookie: "s=1", origin: "http://app.example" }))).toBeNull();
  });

  it("refuses cookie writes from another site, a sibling subdomain or an unknown origin", () => {
    expect(crossSiteReason(post({ cookie: "s=1", "sec-fetch-site": "cross-site" }))).toMatch(/refused/);
    expect(crossSiteReason(post({ cookie: "s=1", "sec-fetch-site": "same-site" }))).toMatch(/refused/);
    expect(crossSiteReason(post({ cookie: "s=1", origin: "https://evil.example" }))).toMatch(/refused/);
    expect(crossSiteReason(post({ cookie: "s=1", origin: "null" }))).toMatch(/refused/);
    expect(crossSiteReason(post({ cookie: "s=1" }))).toMatch(/no Origin/);
  });

  it("needs no check for API keys, reads, or calls without any credentials", () => {
    expect(
      crossSiteReason(post({ authorization: "Bearer ck_x", origin: "https://other.example" })),
    ).toBeNull();
    expect(
      crossSiteReason(
        new Request("http://app.example/api/trpc/contact.list", { headers: { cookie: "s=1" } }),
      ),
    ).toBeNull();
    expect(crossSiteReason(post({}))).toBeNull();
  });
});
