import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbConnection, isContactIdentityViolation, newId, queryRows, schema } from "../src";
import { createTestWorkspace, openTestDb } from "../src/testing";

/**
 * docs/api.md §4.1 held by the database (migration 0006): no statement, whoever sends it, leaves
 * a contact without first name, last name and email; the violation is recognisable, so the
 * API answers it as the contract's validation error.
 */

let conn: DbConnection;
let workspaceId: string;
beforeAll(async () => {
  conn = await openTestDb();
  workspaceId = (await createTestWorkspace(conn)).id;
});
afterAll(() => conn?.close());

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error("expected the statement to fail");
}

const insert = (values: Partial<typeof schema.contacts.$inferInsert>) =>
  conn.db.insert(schema.contacts).values({ workspaceId, id: newId(), ...values });

describe("contacts_identity_check", () => {
  it("refuses a contact without first name, last name and email, and nothing else", async () => {
    const err = await caught(() => insert({ phone: "+46701234567", strategy: "no name" }));
    expect(isContactIdentityViolation(err)).toBe(true);
    for (const identity of [{ firstName: "A" }, { lastName: "B" }, { email: "c@example.com" }]) {
      await insert(identity);
    }
    const other = await caught(() => insert({ firstName: "Dup", profilePictureId: 2 ** 31 }));
    expect(isContactIdentityViolation(other)).toBe(false);
  });

  it("refuses an update that clears the last identity field", async () => {
    const id = newId();
    await conn.db.insert(schema.contacts).values({ workspaceId, id, email: "only@example.com" });
    const err = await caught(() =>
      conn.db.execute(
        sql`update contacts set email = null where workspace_id = ${workspaceId} and id = ${id}`,
      ),
    );
    expect(isContactIdentityViolation(err)).toBe(true);
  });

  it("is validated on a database whose contacts all comply", async () => {
    const rows = await queryRows<{ validated: boolean }>(
      conn.db,
      sql`select convalidated as validated from pg_constraint where conname = 'contacts_identity_check'`,
    );
    expect(rows).toEqual([{ validated: true }]);
  });

  it("is added NOT VALID, and still checks new writes, where old rows break it", async () => {
    // The migration run again on a table that holds such a row, rolled back at the end (DDL
    // is transactional), so other tests sharing a server never see it.
    const migration = await readFile(
      path.resolve(import.meta.dirname, "../migrations/0006_contact_identity_check.sql"),
      "utf8",
    );
    const rollback = new Error("rollback");
    const outcome = await conn.db
      .transaction(async (tx) => {
        await tx.execute(sql`alter table contacts drop constraint contacts_identity_check`);
        const legacy = newId();
        await tx.execute(
          sql`insert into contacts (workspace_id, id, phone) values (${workspaceId}, ${legacy}, '+46701234567')`,
        );
        for (const statement of migration.split("--> statement-breakpoint")) {
          await tx.execute(sql.raw(statement));
        }
        const state = await queryRows<{ validated: boolean }>(
          tx,
          sql`select convalidated as validated from pg_constraint where conname = 'contacts_identity_check'`,
        );
        const err = await tx
          .execute(sql`insert into contacts (workspace_id, id) values (${workspaceId}, ${newId()})`)
          .then(
            () => null,
            (e: unknown) => e,
          );
        throw Object.assign(rollback, { state, violation: isContactIdentityViolation(err) });
      })
      .catch((e: unknown) => e);
    expect(outcome).toBe(rollback);
    expect(outcome).toMatchObject({ state: [{ validated: false }], violation: true });
  });
});
