import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toErrorIssues, UpdateContactInput } from "../src";
import { expectReadable, reject } from "./support/parse";

describe("toErrorIssues (docs/api.md §7: a list of { path, message })", () => {
  it("gives one issue per unknown key, at the key's own path", () => {
    const result = z.strictObject({ a: z.strictObject({}) }).safeParse({ a: { x: 1, y: 2 }, z: 3 });
    expect(result.success).toBe(false);
    expect(toErrorIssues(result.error!.issues)).toEqual([
      { path: ["a", "x"], message: 'Unknown field "x"' },
      { path: ["a", "y"], message: 'Unknown field "y"' },
      { path: ["z"], message: 'Unknown field "z"' },
    ]);
  });

  it("keeps array indexes as numbers and keys as strings", () => {
    const [issue] = reject(UpdateContactInput, {
      id: "ct_1",
      data: {
        connections: [
          { company: { kind: "existing", id: "a" }, primary: true },
          { company: { kind: "existing", id: "a" } },
        ],
      },
    });
    expect(issue?.path).toEqual(["data", "connections", 1, "company", "id"]);
    expect(typeof issue?.path[2]).toBe("number");
  });

  it("points every problem of a badly broken update at its own path, with a readable message", () => {
    const issues = reject(UpdateContactInput, {
      id: "ct_1",
      expectedVersion: 0,
      data: {
        firstName: "f".repeat(201),
        lastName: 42,
        email: "not-an-email",
        phone: "0701234567",
        linkedInUrl: "https://www.linkedin.com/company/acme",
        primaryLanguage: "xx",
        profilePictureId: 2 ** 31,
        strategy: "s".repeat(10_001),
        blocked: "yes",
        tags: ["ok", ""],
        connections: [{ company: { kind: "new", id: "c" }, primary: true }],
        externalRefs: [{ namespace: "bad space", id: "1" }],
        bogus: true,
      },
    });
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        ["expectedVersion"],
        ["data", "firstName"],
        ["data", "lastName"],
        ["data", "email"],
        ["data", "phone"],
        ["data", "linkedInUrl"],
        ["data", "primaryLanguage"],
        ["data", "profilePictureId"],
        ["data", "strategy"],
        ["data", "blocked"],
        ["data", "tags", 1],
        ["data", "connections", 0, "company", "kind"],
        ["data", "externalRefs", 0, "namespace"],
        ["data", "bogus"],
      ]),
    );
    expect(issues).toHaveLength(14);
    for (const issue of issues) expectReadable(issue.message);
  });

  it("answers type errors with the expected type, not a code", () => {
    expect(reject(UpdateContactInput, { id: "ct_1", data: { firstName: 1 } })).toEqual([
      { path: ["data", "firstName"], message: "Invalid input: expected string, received number" },
    ]);
  });

  it("never echoes a huge input back in a message; the path still names a huge unknown key", () => {
    const huge = "h".repeat(100_000);
    const issues = reject(UpdateContactInput, {
      id: "ct_1",
      data: { firstName: huge, [huge]: 1, tags: [huge] },
    });
    expect(issues).toHaveLength(3);
    for (const issue of issues) expect(issue.message.length).toBeLessThan(200);
    expect(issues).toContainEqual({ path: ["data", huge], message: `Unknown field "${"h".repeat(64)}…"` });
  });

  it("stops at the first level of a deeply nested value", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 10_000; i++) deep = { nested: deep };
    expect(reject(UpdateContactInput, { id: "ct_1", data: { firstName: deep } }).map((i) => i.path)).toEqual([
      ["data", "firstName"],
    ]);
  });
});
