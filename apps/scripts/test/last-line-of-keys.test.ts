import { describe, expect, it } from "vitest";
import { LastLineOfKeys } from "../src/contacts-io/last-line-of-keys";

describe("LastLineOfKeys", () => {
  it("answers each key's last line as a Map would, across the table's growth", () => {
    const table = new LastLineOfKeys();
    const map = new Map<string, number>();
    for (let line = 1; line <= 30_000; line++) {
      // Every third line repeats an earlier key: collapsed rows.
      const key = line % 3 === 0 ? `ref:crm\u0000${line % 1000}` : `ref:crm\u0000row-${line}`;
      table.set(key, line);
      map.set(key, line);
    }
    expect(table.size).toBe(map.size);
    for (const [key, line] of map) expect(table.get(key)).toBe(line);
    expect(table.get("ref:crm\u0000never")).toBeUndefined();
  });
});
