import { describe, expect, it } from "vitest";
import {
  API_KEY_SCOPES,
  CreateInviteRequest,
  READ_ONLY_API_KEY_SCOPES,
  ROLE_SCOPES,
  Role,
  roleOfStored,
} from "../src";

/** The one table of what each role may do (docs/api.md §6.19). */
describe("roles", () => {
  it("admins hold every scope, members all but the administrative ones, read-only the reads", () => {
    expect(ROLE_SCOPES.admin).toEqual(API_KEY_SCOPES);
    expect(ROLE_SCOPES.member).toEqual([
      "contacts:read",
      "contacts:write",
      "companies:read",
      "companies:write",
    ]);
    expect(ROLE_SCOPES.read_only).toEqual(READ_ONLY_API_KEY_SCOPES);
    expect(ROLE_SCOPES.read_only).toEqual(["contacts:read", "companies:read"]);
  });

  it("an unknown role is refused by name, and a stored one this version does not know grants the least", () => {
    const parsed = CreateInviteRequest.safeParse({ role: "owner" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ["role"],
      message: 'Unknown role "owner"; expected one of admin, member, read_only',
    });
    expect(Role.parse("read_only")).toBe("read_only");
    expect(roleOfStored("superuser")).toBe("read_only");
    expect(roleOfStored(null)).toBe("read_only");
    expect(roleOfStored("member")).toBe("member");
  });
});
