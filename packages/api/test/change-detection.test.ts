import {
  CONTACT_FIELD_DECLARATIONS,
  IDENTITY_FIELDS,
  SCALAR_FIELDS,
  type ScalarField,
} from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import type { Caller } from "./support/contract";
import { useHarness } from "./support/harness";

/**
 * "Did this field change?" is answered in two places: in SQL by the one-statement update of
 * a patch without lists (update-contact-fields.ts, `to_jsonb` of the old and new column), and
 * in TypeScript by diffContact for a patch with lists. Field by field, through the same steps,
 * the two must give the same versions, values and history entries.
 */

const h = useHarness();

/** A value, another spelling the contract stores the same, and a different value. */
const SAMPLES: Record<ScalarField, { value: unknown; same: unknown; other: unknown }> = {
  firstName: { value: "Ada", same: "  Ada ", other: "Grace" },
  lastName: { value: "Lovelace", same: "Lovelace\t", other: "Hopper" },
  email: { value: "ada@example.com", same: " ADA@Example.com", other: "grace@example.com" },
  phone: { value: "+46701234567", same: "+46 70 123 45 67", other: "+46707654321" },
  linkedInUrl: {
    value: "https://www.linkedin.com/in/ada",
    same: "http://linkedin.com/in/Ada/",
    other: "https://www.linkedin.com/in/grace",
  },
  primaryLanguage: { value: "en", same: "EN", other: "sv" },
  profilePictureId: { value: 0, same: -0, other: 42 },
  strategy: { value: "Long only", same: " Long only ", other: "Growth" },
  blocked: { value: false, same: false, other: true },
};

/** The steps a field goes through: set, same again, change, clear, clear again, and "" clears text. */
function steps(field: ScalarField): unknown[] {
  const s = SAMPLES[field];
  const text = CONTACT_FIELD_DECLARATIONS[field].kind === "text";
  return [s.value, s.same, s.other, null, null, s.value, ...(text ? [""] : [])];
}

/** The other identity fields keep the contact valid while this one is cleared. */
function startingWith(field: ScalarField) {
  const keep = { firstName: "Keep", lastName: "Keep", email: "keep@example.com" };
  return Object.fromEntries(Object.entries(keep).filter(([f]) => f !== field));
}

async function latestChanges(caller: Caller, id: string) {
  const page = await caller.contact.history({ id, limit: 1 });
  return page.items[0]?.changes;
}

describe("the SQL and the TypeScript change detection agree", () => {
  it("covers every scalar field", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...SCALAR_FIELDS].sort());
    expect(IDENTITY_FIELDS.every((f) => f in SAMPLES)).toBe(true);
  });

  it.each(SCALAR_FIELDS)("%s", async (field) => {
    const { caller } = await h.workspace();
    const start = startingWith(field);
    const viaSql = await caller.contact.create(start);
    const viaTs = await caller.contact.create(start);
    let before = { sql: viaSql, ts: viaTs };
    for (const value of steps(field)) {
      // No list in the patch: one statement decides in SQL. An unchanged list in it: diffContact decides.
      const sql = await caller.contact.update({ id: viaSql.id, data: { [field]: value } });
      const ts = await caller.contact.update({ id: viaTs.id, data: { [field]: value, tags: [] } });
      const step = { field, value };
      expect({ ...step, value: ts[field], version: ts.version - before.ts.version }).toEqual({
        ...step,
        value: sql[field],
        version: sql.version - before.sql.version,
      });
      if (sql.version !== before.sql.version) {
        expect({ ...step, changes: await latestChanges(caller, viaTs.id) }).toEqual({
          ...step,
          changes: await latestChanges(caller, viaSql.id),
        });
      }
      before = { sql, ts };
    }
    expect(before.sql.version).toBeGreaterThan(3);
  });
});
