import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbConnection, listContactRecords, queryRows } from "../src";
import { createTestWorkspace, openTestDb } from "../src/testing";

/**
 * contact.list search by terms of 1–2 characters, which have no trigram: they walk the newest
 * 5,000 contacts, then ask contacts_search_grams_idx for the older ones. The answer must be
 * what a plain scan gives (strpos over search_text), whichever half finds the rows.
 */

/** More contacts than the newest 5,000 the walk covers, so the index half runs too. */
const CONTACTS = 5_600;
/** Contacts numbered up to this are older than the newest 5,000: only the index finds them. */
const OLDEST = CONTACTS - 5_000;

/** Rows with unusual text, by contact number (1 is the oldest, CONTACTS the newest). */
const SPECIAL: Record<number, { first?: string; last?: string; email?: string }> = {
  10: { first: "Zoë", last: "Qvist" },
  20: { first: "ÅSA", last: "Öberg", email: "asa@öberg.se" },
  30: { last: "ΟΔΥΣΣΕΑΣ" },
  40: { email: "100%_off\\x@shop.io" },
  50: { first: "Uni\u001ft", last: "Sep\u001f" },
  60: { first: "𝔸lfa", last: "Ngữ" },
  70: { first: "Rene\u0301", last: "Élan" },
  80: { first: "Renée" },
  90: { first: "Xu", last: "Qi" },
  [OLDEST + 1]: { first: "Qasim", last: "Xuereb" },
  [CONTACTS - 3]: { first: "Maj-Britt", last: "Zoëga" },
};

const contactId = (n: number) => `c-${String(n).padStart(6, "0")}`;

let conn: DbConnection;
let workspaceId: string;
let otherWorkspaceId: string;

/** Filler names share letters with the special rows, so common short terms are common here. */
async function seed(ws: string, count: number) {
  await conn.db.execute(sql`
    insert into contacts (workspace_id, id, first_name, last_name, email)
    select ${ws}, 'c-' || lpad(i::text, 6, '0'),
           (array['Anna', 'Erik', 'Lars', 'Maria', 'Johan'])[1 + i % 5],
           (array['Berg', 'Lind', 'Holm', 'Dahl'])[1 + i % 4],
           'p' || i || '@mail.se'
      from generate_series(1, ${count}) i`);
  for (const [n, row] of Object.entries(SPECIAL)) {
    if (Number(n) > count) continue;
    await conn.db.execute(sql`
      update contacts set first_name = ${row.first ?? null}, last_name = ${row.last ?? null},
                          email = ${row.email ?? null}
       where workspace_id = ${ws} and id = ${contactId(Number(n))}`);
  }
  await conn.db.execute(sql`analyze contacts`);
}

beforeAll(async () => {
  conn = await openTestDb();
  workspaceId = (await createTestWorkspace(conn)).id;
  otherWorkspaceId = (await createTestWorkspace(conn, "Other")).id;
  await seed(workspaceId, CONTACTS);
  // The same special rows in a small workspace: never in the first one's results.
  await seed(otherWorkspaceId, 100);
});
afterAll(() => conn?.close());

/** A plain scan: every contact whose search_text holds the term, newest first. */
async function scan(term: string, beforeId?: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    conn.db,
    sql`select id from contacts
         where workspace_id = ${workspaceId} and strpos(search_text, lower(${term})) > 0
           and (${beforeId ?? null}::text is null or id < ${beforeId ?? null})
         order by id desc`,
  );
  return rows.map((r) => r.id);
}

async function list(term: string, limit: number, beforeId?: string): Promise<string[]> {
  const rows = await listContactRecords(conn.db, {
    workspaceId,
    search: term,
    sort: "created",
    direction: "desc",
    limit,
    after: beforeId === undefined ? undefined : { key: null, id: beforeId },
  });
  return rows.map((r) => r.contact.id);
}

/** Every 1- and 2-character substring of s, by code point (as PostgreSQL counts characters). */
function grams(s: string): string[] {
  const chars = [...s];
  const out = new Set<string>(chars);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
}

describe("search terms of 1–2 characters", () => {
  it("find exactly the contacts a scan finds, in the newest 5,000 or older, in any case", async () => {
    const texts = await queryRows<{ t: string }>(
      conn.db,
      sql`select search_text as t from contacts where workspace_id = ${workspaceId}
           and id in (${sql.join(
             Object.keys(SPECIAL).map((n) => sql`${contactId(Number(n))}`),
             sql`, `,
           )})`,
    );
    const terms = new Set<string>(["xq", "ÿ", "%%", "\\\\", "_%", "zz", "q", "Q", "ς", "Σ"]);
    for (const { t } of texts) {
      for (const g of grams(t)) {
        terms.add(g);
        terms.add(g.toUpperCase());
      }
    }
    for (const term of terms) {
      if ([...term].length > 2) continue; // toUpperCase can lengthen a term ("ß" → "SS")
      const expected = await scan(term);
      expect({ term, ids: await list(term, 5) }).toEqual({ term, ids: expected.slice(0, 5) });
      expect({ term, ids: await list(term, 1) }).toEqual({ term, ids: expected.slice(0, 1) });
    }
  });

  it("find rows only the index half reaches, and merge both halves newest first", async () => {
    expect(await list("qv", 10)).toEqual([contactId(10)]);
    expect(await list("QI", 10)).toEqual([contactId(90)]);
    expect(await list("q", 10)).toEqual([OLDEST + 1, 90, 10].map(contactId));
    expect(await list("q", 2)).toEqual([OLDEST + 1, 90].map(contactId));
    expect(await list("q", 2, contactId(OLDEST + 1))).toEqual([90, 10].map(contactId));
    expect(await list("xu", 10)).toEqual([OLDEST + 1, 90].map(contactId));
    expect(await list("ë", 10)).toEqual([CONTACTS - 3, 10].map(contactId));
    expect(await list("Ö", 10)).toEqual([contactId(20)]);
    expect(await list("%", 10)).toEqual([contactId(40)]);
    expect(await list("_", 10)).toEqual([contactId(40)]);
    expect(await list("\\", 10)).toEqual([contactId(40)]);
    expect(await list("%_", 10)).toEqual([contactId(40)]);
    expect(await list("σ", 10)).toEqual([contactId(30)]);
    expect(await list("𝔸", 10)).toEqual([contactId(60)]);
    expect(await list("ữ", 10)).toEqual([contactId(60)]);
    // A decomposed é is two characters, e and U+0301; a composed one is one.
    expect(await list("e\u0301", 10)).toEqual([contactId(70)]);
    expect(await list("é", 10)).toEqual([80, 70].map(contactId));
    expect(await list("\u001f", 10)).toEqual([contactId(50)]);
    expect(await list("i\u001f", 10)).toEqual([contactId(50)]);
    expect(await list("zz", 10)).toEqual([]);
  });

  it("match across the spaces that join first name, last name and email, as before", async () => {
    // search_text is "first last email": a space-bearing term matches at the joins.
    expect(await list(" q", 10)).toEqual([90, 10].map(contactId));
    expect(await list("t ", 10)).toEqual(await scan("t "));
    expect(await list("ë q", 10)).toEqual([contactId(10)]);
  });

  it("agree with 3-character terms (n and n + 1)", async () => {
    for (const [short, long] of [
      ["qv", "qvi"],
      ["öb", "öbe"],
      ["%_", "%_o"],
      ["xu", "xue"],
      ["ar", "ari"],
    ] as const) {
      const shortIds = await list(short, 200);
      const longIds = await list(long, 200);
      expect(shortIds).toEqual((await scan(short)).slice(0, 200));
      expect(longIds).toEqual((await scan(long)).slice(0, 200));
      expect(await scan(short)).toEqual(expect.arrayContaining(await scan(long)));
    }
  });

  it("page through every match exactly once, across the newest 5,000 and the index", async () => {
    for (const term of ["q", "xu", "ë", "19", "0@"]) {
      const all = await scan(term);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 2_000; guard++) {
        const page = await list(term, 7, cursor);
        expect(page).toEqual((await scan(term, cursor)).slice(0, 7));
        seen.push(...page);
        if (page.length < 7) break;
        cursor = page.at(-1);
      }
      expect({ term, seen }).toEqual({ term, seen: all });
    }
  });

  it("stay in the workspace", async () => {
    const other = await listContactRecords(conn.db, {
      workspaceId: otherWorkspaceId,
      search: "qv",
      sort: "created",
      direction: "desc",
      limit: 10,
    });
    expect(other.map((c) => c.contact.id)).toEqual([contactId(10)]);
    const own = await list("qv", 10);
    expect(own).toEqual([contactId(10)]);
  });
});

describe("contact_search_grams", () => {
  it("is every 1- and 2-character substring, also of text holding its own separator", async () => {
    for (const text of [
      "",
      "a",
      "ab",
      "abc",
      "zoë qvist",
      "a\u001fb\u001f",
      "\u001f",
      "𝔸b",
      "e\u0301 x",
      "  ",
    ]) {
      const rows = await queryRows<{ g: string[] }>(conn.db, sql`select contact_search_grams(${text}) as g`);
      // The fallback for text holding U+001F may also yield "", which no search term is.
      const got = [...new Set(rows[0]?.g)].filter((g) => g !== "").sort();
      expect({ text, got }).toEqual({ text, got: grams(text).sort() });
    }
  });

  it("is what contacts_search_grams_idx holds, so the planner can use the index", async () => {
    const plan = await conn.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return queryRows<Record<string, string>>(
        tx,
        sql`explain select id from contacts where contact_search_grams(search_text) @> array['qv']`,
      );
    });
    expect(plan.map((r) => Object.values(r)[0]).join("\n")).toContain("contacts_search_grams_idx");
  });
});

describe("search terms of 3 characters or more (issue #15: the same two halves)", () => {
  it("find old contacts by name, phone digits and primary company through the index half", async () => {
    // Contacts 15, 25 and 35 are older than the newest 5,000: only the index half reaches them.
    await conn.db.execute(sql`update contacts set phone = '+46701119999'
      where workspace_id = ${workspaceId} and id = ${contactId(15)}`);
    await conn.db.execute(sql`insert into companies (workspace_id, id, name)
      values (${workspaceId}, 'co-zyx', 'Zyxcorp Holding')`);
    await conn.db.execute(sql`insert into contact_connections (workspace_id, contact_id, company_id, position, is_primary)
      values (${workspaceId}, ${contactId(25)}, 'co-zyx', 0, true), (${workspaceId}, ${contactId(35)}, 'co-zyx', 0, false)`);
    await conn.db.execute(sql`analyze contacts`);
    expect(await list("119999", 10)).toEqual([contactId(15)]);
    expect(await list("070-111 9999", 10)).toEqual([contactId(15)]);
    // Primary only: contact 35's connection to the company is not its primary one.
    expect(await list("ZYXCORP", 10)).toEqual([contactId(25)]);
    expect(await list("xcorp hold", 10)).toEqual([contactId(25)]);
    expect(await list("no such name", 10)).toEqual([]);
    expect(await list("qvist", 10)).toEqual([contactId(10)]);
  });
});
