import { describe, expect, it } from "vitest";
import { LinkedInUrl, normalizeLinkedInUrl } from "../src";
import { accept, acceptField, reject, rejectFieldOnce } from "./support/parse";

const INVALID = "Not a LinkedIn profile URL, expected https://www.linkedin.com/in/{slug}";
const ADA = "https://www.linkedin.com/in/ada-lovelace";

describe("linkedInUrl (docs/api.md §5: canonical https://www.linkedin.com/in/{slug})", () => {
  it.each([
    ["canonical", "https://www.linkedin.com/in/ada-lovelace"],
    ["http", "http://www.linkedin.com/in/ada-lovelace"],
    ["without www.", "https://linkedin.com/in/ada-lovelace"],
    ["http without www.", "http://linkedin.com/in/ada-lovelace"],
    ["country subdomain se.", "https://se.linkedin.com/in/ada-lovelace"],
    ["country subdomain uk.", "http://uk.linkedin.com/in/ada-lovelace"],
    ["trailing slash", "https://www.linkedin.com/in/ada-lovelace/"],
    ["query", "https://www.linkedin.com/in/ada-lovelace?trk=public_profile&originalSubdomain=se"],
    ["fragment", "https://www.linkedin.com/in/ada-lovelace#experience"],
    ["slash, query and fragment", "https://se.linkedin.com/in/ada-lovelace/?trk=x#top"],
    ["surrounding whitespace", "  https://www.linkedin.com/in/ada-lovelace \n"],
    ["upper-case host", "https://WWW.LinkedIn.COM/in/ada-lovelace"],
    ["upper-case slug", "https://www.linkedin.com/in/Ada-Lovelace"],
  ])("canonicalises %s", (_why, input) => {
    expect(acceptField("linkedInUrl", input)).toBe(ADA);
  });

  it.each([
    ["https://www.linkedin.com/in/john_doe-123456", "https://www.linkedin.com/in/john_doe-123456"],
    ["https://www.linkedin.com/in/%C3%A9mile-zola", "https://www.linkedin.com/in/%C3%A9mile-zola"],
    ["https://www.linkedin.com/in/Émile-Zola/", "https://www.linkedin.com/in/%C3%A9mile-zola"],
    ["https://www.linkedin.com/in/abc", "https://www.linkedin.com/in/abc"],
    [`https://www.linkedin.com/in/${"a".repeat(100)}`, `https://www.linkedin.com/in/${"a".repeat(100)}`],
  ])("stores %j as %j", (input, stored) => {
    expect(acceptField("linkedInUrl", input)).toBe(stored);
  });

  it.each([
    ["a company page", "https://www.linkedin.com/company/acme"],
    ["a company page with slash", "https://www.linkedin.com/company/acme/"],
    ["a school page", "https://www.linkedin.com/school/kth"],
    ["a showcase page", "https://www.linkedin.com/showcase/acme-labs"],
    ["the feed", "https://www.linkedin.com/feed/"],
    ["the home page", "https://www.linkedin.com/"],
    ["a sub-page of a profile", "https://www.linkedin.com/in/ada-lovelace/details/experience/"],
    ["an empty slug", "https://www.linkedin.com/in/"],
    ["a too short slug", "https://www.linkedin.com/in/ab"],
    ["a too long slug", `https://www.linkedin.com/in/${"a".repeat(101)}`],
    ["an encoded slash in the slug", "https://www.linkedin.com/in/ada%2Flovelace"],
    ["a space in the slug", "https://www.linkedin.com/in/ada%20lovelace"],
    ["a broken escape", "https://www.linkedin.com/in/ada%"],
    ["a look-alike host", "https://linkedin.com.evil.com/in/ada-lovelace"],
    ["another host", "https://evil.com/in/ada-lovelace"],
    ["linkedin.com in the path", "https://evil.com/linkedin.com/in/ada-lovelace"],
    ["a host ending in linkedin.com", "https://notlinkedin.com/in/ada-lovelace"],
    ["a deeper subdomain", "https://a.b.linkedin.com/in/ada-lovelace"],
    ["credentials", "https://ada:secret@www.linkedin.com/in/ada-lovelace"],
    ["credentials hiding the host", "https://www.linkedin.com@evil.com/in/ada-lovelace"],
    ["a port", "https://www.linkedin.com:8443/in/ada-lovelace"],
    ["javascript:", "javascript:alert(1)//www.linkedin.com/in/ada-lovelace"],
    ["data:", "data:text/html,https://www.linkedin.com/in/ada-lovelace"],
    ["ftp:", "ftp://www.linkedin.com/in/ada-lovelace"],
    ["no scheme", "www.linkedin.com/in/ada-lovelace"],
    ["a protocol-relative URL", "//www.linkedin.com/in/ada-lovelace"],
    ["a bare slug", "ada-lovelace"],
    ["not a URL", "not a url"],
  ])("rejects %s", (_why, input) => {
    expect(rejectFieldOnce("linkedInUrl", input)).toEqual({
      path: ["data", "linkedInUrl"],
      message: INVALID,
    });
  });

  it("rejects a huge string with a length message", () => {
    expect(rejectFieldOnce("linkedInUrl", `${ADA}?q=${"x".repeat(100_000)}`).message).toBe(
      "At most 500 characters",
    );
  });

  it.each(["", " "])("treats %j as null", (input) => {
    expect(acceptField("linkedInUrl", input)).toBeNull();
  });

  it("normalizeLinkedInUrl returns null instead of throwing for anything else", () => {
    expect(normalizeLinkedInUrl("http://[::1")).toBeNull();
    expect(normalizeLinkedInUrl("https://www.linkedin.com/in/ada-lovelace")).toBe(ADA);
  });

  it("LinkedInUrl on its own", () => {
    expect(accept(LinkedInUrl, "http://se.linkedin.com/in/ADA-lovelace/")).toBe(ADA);
    expect(reject(LinkedInUrl, "")).toEqual([{ path: [], message: INVALID }]);
  });
});

describe("mobile host and path case", () => {
  it.each([
    ["https://m.linkedin.com/in/ada-lovelace", "https://www.linkedin.com/in/ada-lovelace"],
    ["https://www.linkedin.com/IN/Ada-Lovelace/", "https://www.linkedin.com/in/ada-lovelace"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeLinkedInUrl(input)).toBe(expected);
  });
});
