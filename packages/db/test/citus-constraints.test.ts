import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbConnection } from "../src/client";
import { tablePlacements } from "../src/routability/table-placement";
import { queryRows } from "../src/rows";
import { openTestDb } from "../src/testing";

/**
 * What Citus asks of the migrated schema (docs/scaling-citus.md): on a table distributed by
 * workspace_id, every PRIMARY KEY, UNIQUE constraint and unique index includes workspace_id;
 * a foreign key between distributed tables equates their workspace_id; and no reference or
 * local table points at a distributed one. Read from the catalog, so a migration that breaks
 * it fails here with the constraint's name.
 */
let conn: DbConnection;
beforeAll(async () => {
  conn = await openTestDb();
});
afterAll(async () => {
  await conn?.close();
});

interface KeyRow {
  table: string;
  name: string;
  kind: string;
  columns: string[];
  target: string | null;
  target_columns: string[] | null;
}

async function keys(): Promise<KeyRow[]> {
  return queryRows<KeyRow>(
    conn.db,
    sql`select rel.relname as "table", con.conname as name, con.contype::text as kind,
          (select array_agg(a.attname::text order by k.i) from unnest(con.conkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n) as columns,
          frel.relname::text as target,
          (select array_agg(a.attname::text order by k.i) from unnest(con.confkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n) as target_columns
        from pg_constraint con
        join pg_class rel on rel.oid = con.conrelid
        join pg_namespace ns on ns.oid = rel.relnamespace and ns.nspname = 'public'
        left join pg_class frel on frel.oid = con.confrelid
       where con.contype in ('p', 'u', 'f')
      union all
      select rel.relname, idx.relname, 'i', array_agg(a.attname::text order by k.i), null, null
        from pg_index ix
        join pg_class idx on idx.oid = ix.indexrelid
        join pg_class rel on rel.oid = ix.indrelid
        join pg_namespace ns on ns.oid = rel.relnamespace and ns.nspname = 'public'
        cross join unnest(ix.indkey::int2[]) with ordinality k(n, i)
        left join pg_attribute a on a.attrelid = rel.oid and a.attnum = k.n
       where ix.indisunique and not exists (select 1 from pg_constraint c where c.conindid = ix.indexrelid)
       group by rel.relname, idx.relname`,
  );
}

/** Every way the schema falls short of Citus's rules, one line each. */
function citusViolations(rows: KeyRow[]): string[] {
  const placement = tablePlacements();
  const distributed = (t: string | null) => t !== null && placement.get(t)?.placement === "distributed";
  const out: string[] = [];
  for (const r of rows) {
    const columns = r.columns.filter(Boolean);
    if (!placement.has(r.table)) continue;
    if (r.kind !== "f") {
      if (distributed(r.table) && !columns.includes("workspace_id"))
        out.push(`${r.table}: ${r.name} (${columns.join(", ")}) does not include workspace_id`);
      continue;
    }
    if (distributed(r.table) && distributed(r.target)) {
      const at = columns.indexOf("workspace_id");
      if (at < 0 || r.target_columns?.[at] !== "workspace_id")
        out.push(`${r.table}: foreign key ${r.name} to ${r.target} does not equate workspace_id`);
    } else if (!distributed(r.table) && distributed(r.target))
      out.push(
        `${r.table}: ${r.name} points from a ${placement.get(r.table)?.placement} table at distributed ${r.target}`,
      );
  }
  return out.sort();
}

describe("the migrated schema fits Citus", () => {
  it("reads the keys of the schema (the check sees something)", async () => {
    const rows = await keys();
    expect(rows.some((r) => r.table === "contacts" && r.kind === "p")).toBe(true);
    expect(rows.some((r) => r.kind === "f")).toBe(true);
  });

  it("every key of a distributed table includes workspace_id, every foreign key equates it", async () => {
    expect(citusViolations(await keys())).toEqual([]);
  });

  it("would name a violation", () => {
    expect(
      citusViolations([
        {
          table: "contacts",
          name: "contacts_email_unique",
          kind: "u",
          columns: ["email"],
          target: null,
          target_columns: null,
        },
        {
          table: "contact_history",
          name: "h_fk",
          kind: "f",
          columns: ["contact_id"],
          target: "contacts",
          target_columns: ["id"],
        },
        {
          table: "users",
          name: "u_fk",
          kind: "f",
          columns: ["workspace_id", "x"],
          target: "contacts",
          target_columns: ["workspace_id", "id"],
        },
      ]),
    ).toEqual([
      "contact_history: foreign key h_fk to contacts does not equate workspace_id",
      "contacts: contacts_email_unique (email) does not include workspace_id",
      "users: u_fk points from a reference table at distributed contacts",
    ]);
  });
});
