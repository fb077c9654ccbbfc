import { describe, expect, it } from "vitest";
import { servesDirectly } from "@/server/serve-directly";

const req = (url: string, headers: Record<string, string> = {}) => ({ url, headers });
const key = { authorization: "Bearer ck_x" };

describe("servesDirectly: which requests the production server answers without Next.js", () => {
  it("tRPC calls with an Authorization header", () => {
    expect(servesDirectly(req("/api/trpc/contact.update", key))).toBe("trpc");
    expect(servesDirectly(req("/api/trpc/contact.list?input=%7B%7D", key))).toBe("trpc");
    expect(servesDirectly(req("/api/trpc/contact.get,contact.list?batch=1", key))).toBe("trpc");
  });

  it("REST calls with an Authorization header", () => {
    expect(servesDirectly(req("/api/v1/contacts", key))).toBe("rest");
    expect(servesDirectly(req("/api/v1/contacts/abc/history?limit=5", key))).toBe("rest");
    expect(servesDirectly(req("/api/v1/contacts/abc", { cookie: "session=abc" }))).toBe(false);
  });

  it("not the browser's calls: the cookie session and CSRF guard live in the Next route", () => {
    expect(servesDirectly(req("/api/trpc/contact.update", { cookie: "session=abc" }))).toBe(false);
    expect(servesDirectly(req("/api/trpc/contact.update"))).toBe(false);
  });

  it("nothing outside /api/trpc/ and /api/v1/, even with a key", () => {
    for (const url of [
      "/api/trpc",
      "/api/v1",
      "/api/v2/contacts",
      "/api/trpcx/contact.get",
      "/api/health",
      "/contacts",
      "/",
      "//api/trpc/x",
    ]) {
      expect(servesDirectly(req(url, key))).toBe(false);
    }
  });
});
