/**
 * Duplicate candidates on 100,000 contacts with 2 % duplicates planted: how long
 * `contact.duplicateCandidates` takes (its first page, and a walk through every page), how long
 * `contact.duplicates` takes for one contact, and the precision and recall of the rules
 * against the planted pairs.
 *
 *   pnpm bench:duplicates                   throwaway PostgreSQL 15 when installed
 *   BENCH_DB=pglite pnpm bench:duplicates   embedded PGlite instead
 *   BENCH_ROWS=20000 pnpm bench:duplicates  fewer contacts
 *
 * Contacts get generated two-syllable first names and three-syllable last names (so unrelated
 * people do share or nearly share names, as in real data), a unique email, a phone for 60 %,
 * and one connection to one of ROWS/20 companies. The planted duplicates copy an original in
 * one of four ways: the same email spelled in another case; the same phone without an email;
 * the same name at the same company with another email; a one-letter typo in the name at the
 * same company with another email. Not a test and not run by CI.
 */
import type { Actor } from "@contacts/api";
import { createCaller, createContextInner } from "@contacts/api";
import { newId } from "@contacts/db";
import { createTestWorkspace } from "@contacts/db/testing";
import { sql } from "drizzle-orm";
import { fmt, ms, openBenchDatabase } from "./bench-database";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const PLANTED_SHARE = 0.02;

/** A fixed-seed generator, so every run plants the same data. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(13);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

const SYLLABLES = [
  "an",
  "ber",
  "cal",
  "da",
  "el",
  "fin",
  "gus",
  "hal",
  "is",
  "jo",
  "ka",
  "lin",
  "mar",
  "nor",
];
const SYLLABLES_2 = ["ra", "sen", "to", "vik", "wen", "yl", "zor", "bo", "de", "ga", "li", "mo", "nu", "pe"];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const firstName = () => cap(pick(SYLLABLES) + pick(SYLLABLES_2));
const lastName = () =>
  cap(pick(SYLLABLES) + pick(SYLLABLES_2) + pick(SYLLABLES) + pick(["son", "berg", "ström", "lund"]));

/** One letter of a name changed (not the first, so the name still reads alike). */
function typo(name: string): string {
  const at = 1 + Math.floor(rnd() * (name.length - 1));
  const letter = "aeiourstln"[Math.floor(rnd() * 10)] as string;
  return name.slice(0, at) + (letter === name[at] ? "x" : letter) + name.slice(at + 1);
}

interface Row {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  companyId: string;
}

async function main() {
  const bench = await openBenchDatabase();
  const { conn } = bench;
  const db = conn.db;
  try {
    const ws = await createTestWorkspace(conn, "Duplicates bench");
    const companies = Array.from({ length: Math.max(1, Math.round(ROWS / 20)) }, (_, i) => ({
      id: newId(),
      name: `Company ${i}`,
    }));
    const planted = Math.round(ROWS * PLANTED_SHARE);
    const originals = ROWS - planted;
    const rows: Row[] = [];
    const phones = new Set<string>();
    for (let i = 0; i < originals; i++) {
      let phone: string | null = null;
      if (rnd() < 0.6) {
        do phone = `+4670${String(Math.floor(rnd() * 9_000_000) + 1_000_000)}`;
        while (phones.has(phone));
        phones.add(phone);
      }
      rows.push({
        id: newId(),
        firstName: firstName(),
        lastName: lastName(),
        email: `person${i}@example.com`,
        phone,
        companyId: pick(companies).id,
      });
    }
    const plantedPairs = new Set<string>();
    const kinds = ["email", "phone", "name", "typo"] as const;
    const plantedByKind: Record<(typeof kinds)[number], number> = { email: 0, phone: 0, name: 0, typo: 0 };
    for (let i = 0; i < planted; i++) {
      const kind = kinds[i % kinds.length]!;
      let original = pick(rows.slice(0, originals));
      // A phone duplicate needs an original with a phone.
      while (kind === "phone" && original.phone === null) original = pick(rows.slice(0, originals));
      const copy: Row = { ...original, id: newId(), email: `dup${i}@example.net`, phone: null };
      if (kind === "email")
        Object.assign(copy, { email: original.email?.toUpperCase(), lastName: lastName() });
      if (kind === "phone")
        Object.assign(copy, { email: null, phone: original.phone, firstName: firstName() });
      if (kind === "typo") copy.lastName = typo(original.lastName ?? "");
      rows.push(copy);
      plantedByKind[kind]++;
      plantedPairs.add([original.id, copy.id].sort().join("/"));
    }
    // Ids are made in insertion order, so a copy is the newer of its pair.

    const load = performance.now();
    await db.execute(sql`insert into companies (workspace_id, id, name)
      select ${ws.id}, x.id, x.name from jsonb_to_recordset(${JSON.stringify(companies)}::jsonb) as x(id text, name text)`);
    for (let at = 0; at < rows.length; at += 5000) {
      const chunk = JSON.stringify(rows.slice(at, at + 5000));
      await db.execute(sql`with x as (
          select * from jsonb_to_recordset(${chunk}::jsonb)
            as x(id text, "firstName" text, "lastName" text, email text, phone text, "companyId" text)),
        ins as (
          insert into contacts (workspace_id, id, first_name, last_name, email, phone)
          select ${ws.id}, x.id, x."firstName", x."lastName", lower(trim(x.email)), x.phone from x
          returning 1)
        insert into contact_connections (workspace_id, contact_id, company_id, position, job_title, is_primary)
        select ${ws.id}, x.id, x."companyId", 0, null, true from x where (select count(*) from ins) >= 0`);
    }
    await db.execute(sql`analyze contacts`);
    await db.execute(sql`analyze contact_connections`);
    console.log(
      `database: ${bench.kind}; ${fmt(rows.length)} contacts (${fmt(planted)} planted duplicates: ${JSON.stringify(plantedByKind)}), ${fmt(companies.length)} companies; loaded in ${fmt(ms(load) / 1000, 1)} s`,
    );

    const actor: Actor = { workspaceId: ws.id, type: "script", id: "bench", name: "bench", scopes: "all" };
    const caller = createCaller(createContextInner({ db, actor }));

    const first = performance.now();
    const firstPage = await caller.contact.duplicateCandidates({ limit: 100 });
    const firstMs = ms(first);

    const walk = performance.now();
    const found = new Map<string, { score: number; rules: string[] }>();
    let pages = 0;
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.contact.duplicateCandidates>> =
        await caller.contact.duplicateCandidates({ limit: 500, cursor });
      pages++;
      for (const p of page.items) {
        found.set(`${p.left.id}/${p.right.id}`, { score: p.score, rules: p.reasons.map((r) => r.rule) });
      }
      cursor = page.nextCursor;
    } while (cursor);
    const walkMs = ms(walk);

    const samples = Array.from({ length: 200 }, () => pick(rows).id);
    const times: number[] = [];
    for (const id of samples) {
      const t = performance.now();
      await caller.contact.duplicates({ id });
      times.push(ms(t));
    }
    times.sort((a, b) => a - b);

    const truePositives = [...found.keys()].filter((k) => plantedPairs.has(k)).length;
    console.log(
      `duplicateCandidates first page (100 pairs): ${fmt(firstMs)} ms (${firstPage.items.length} pairs)`,
    );
    console.log(
      `duplicateCandidates every page (500 each): ${fmt(walkMs)} ms, ${pages} pages, ${fmt(found.size)} pairs`,
    );
    console.log(
      `duplicates of one contact: median ${fmt(times[100]!, 1)} ms, p95 ${fmt(times[190]!, 1)} ms, max ${fmt(times.at(-1)!, 1)} ms (200 contacts)`,
    );
    console.log(
      `precision ${fmt((100 * truePositives) / Math.max(1, found.size), 1)} % (${fmt(truePositives)} of ${fmt(found.size)} pairs found were planted), recall ${fmt((100 * truePositives) / plantedPairs.size, 1)} % (${fmt(truePositives)} of ${fmt(plantedPairs.size)} planted pairs found)`,
    );
    const byRule = new Map<string, { all: number; planted: number }>();
    for (const [key, pair] of found) {
      const rule = pair.rules[0] ?? "?";
      const entry = byRule.get(rule) ?? { all: 0, planted: 0 };
      entry.all++;
      if (plantedPairs.has(key)) entry.planted++;
      byRule.set(rule, entry);
    }
    for (const [rule, e] of byRule) {
      console.log(
        `  best rule ${rule}: ${fmt(e.all)} pairs, ${fmt(e.planted)} planted (precision ${fmt((100 * e.planted) / e.all, 1)} %)`,
      );
    }
  } finally {
    await bench.stop();
  }
}

await main();
