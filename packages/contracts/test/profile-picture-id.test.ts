import { describe, expect, it } from "vitest";
import { acceptField, rejectFieldOnce } from "./support/parse";

const INT32_MAX = 2_147_483_647;
const INT32_MIN = -2_147_483_648;
const MESSAGE = "Must be a whole number in the int32 range";

describe("profilePictureId (docs/api.md §5: an integer in the int32 range, as given)", () => {
  it.each([0, 1, -1, 42, INT32_MAX, INT32_MIN, INT32_MAX - 1, INT32_MIN + 1])(
    "stores %d as given",
    (input) => {
      expect(acceptField("profilePictureId", input)).toBe(input);
    },
  );

  it("accepts 7.0 as the integer 7 (JSON does not tell them apart)", () => {
    expect(acceptField("profilePictureId", 7.0)).toBe(7);
  });

  it('stores -0 (JSON.parse gives it for "-0") as 0, so it never differs from a stored 0', () => {
    expect(Object.is(acceptField("profilePictureId", JSON.parse("-0")), 0)).toBe(true);
  });

  it.each([
    INT32_MAX + 1,
    INT32_MIN - 1,
    2 ** 32,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    1e21,
    1.5,
    -0.1,
    INT32_MAX - 0.5,
    "42",
    "",
    true,
    [1],
  ])("rejects %j", (input) => {
    expect(rejectFieldOnce("profilePictureId", input)).toEqual({
      path: ["data", "profilePictureId"],
      message: MESSAGE,
    });
  });

  it("accepts null as clear", () => {
    expect(acceptField("profilePictureId", null)).toBeNull();
  });
});
