/**
 * The scale workspaces of issue #15 (item 2), beside the 100,000-contact one of seed.ts: one
 * workspace of BENCH_SCALE_CONTACTS (1,000,000) contacts and BENCH_SCALE_OTHERS smaller ones,
 * each contact with its connections, an external reference and its `contact.created` history
 * entry (sequenced: the feed holds one change per contact), and one contact of the big
 * workspace with 10,000 more history entries, so paging deep into a history or the feed
 * means something. Set-based statements, as seed.ts.
 *
 * The secondary indexes of the four tables are dropped for the inserts and built again after
 * from their own definitions (a GIN index built once is many times faster than one grown a row
 * at a time), and foreign keys are not checked row by row (`session_replication_role`): the
 * rows are made consistent by construction.
 */
import { createApiKey, createWorkspace } from "@contacts/api";
import { createDb } from "@contacts/db";
import postgres from "postgres";
import { FIRST_NAMES, LAST_NAMES, TAGS } from "./fixtures";

export interface ScaleWorkspace {
  label: string;
  workspaceId: string;
  apiKey: string;
  contacts: number;
  /** Contact ids are `prefix || n` for n in first … first + contacts - 1 (fixed width). */
  contactPrefix: string;
  firstContact: number;
  companies: number;
  /** The contact with HISTORY_DEPTH extra history entries (the big workspace only). */
  deepHistoryContactId?: string;
  /** The workspace's feed head after the seed. */
  feedHead: number;
}

export const HISTORY_DEPTH = 10_000;
/** 7-digit numbers after the prefix, so ids stay UUIDs and differ from seed.ts's 6-digit ones. */
const SCALE_CONTACT_PREFIX = "01900000-0000-7000-8000-00000";
const SCALE_FIRST_CONTACT = 1_000_000;
const SCALE_COMPANY_PREFIX = "01900000-0000-7000-9000-0000000";
const SCALE_FIRST_COMPANY = 10_000;
const TABLES = ["contacts", "contact_connections", "contact_external_refs", "contact_history"];

/** BENCH_SCALE_CONTACTS (1,000,000), BENCH_SCALE_OTHERS (4 × 250,000), BENCH_SCALE_HISTORY (3). */
export function scaleSeedOptionsFromEnv(env: NodeJS.ProcessEnv) {
  return {
    contacts: Number(env.BENCH_SCALE_CONTACTS ?? 1_000_000),
    others: (env.BENCH_SCALE_OTHERS ?? "250000,250000,250000,250000").split(",").filter(Boolean).map(Number),
    historyPerContact: Number(env.BENCH_SCALE_HISTORY ?? 3),
  };
}

/** One line for the report: what was seeded, how long it took, how many rows. */
export function describeScaleSeed(r: Awaited<ReturnType<typeof seedScaleWorkspaces>>): string {
  const total = Object.values(r.rows).reduce((a, b) => a + b, 0);
  return (
    `Scale seed: ${r.workspaces.map((w) => w.label).join(", ")} beside the 100,000-contact workspace, ` +
    `in ${r.seconds.toFixed(1)} s (indexes built after the inserts). Rows in the database, all workspaces: ` +
    `${Object.entries(r.rows)
      .map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`)
      .join(", ")} (${total.toLocaleString("en-US")} in all).`
  );
}

const text = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]::text[]`;

export async function seedScaleWorkspaces(
  url: string,
  opts: {
    contacts: number;
    others: number[];
    /** History entries of each contact of the big workspace (its feed holds contacts × this). */
    historyPerContact: number;
    log?: (msg: string) => void;
  },
): Promise<{ workspaces: ScaleWorkspace[]; seconds: number; rows: Record<string, number> }> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const conn = await createDb({ url, maxConnections: 2 });
  const made: { label: string; contacts: number; workspaceId: string; apiKey: string }[] = [];
  const sizes: [string, number][] = [
    [`${opts.contacts.toLocaleString("en-US")} contacts`, opts.contacts],
    ...opts.others.map((n, i): [string, number] => [`other ${i + 1} (${n.toLocaleString("en-US")})`, n]),
  ];
  for (const [label, contacts] of sizes) {
    const ws = await createWorkspace(conn.db, {
      slug: `scale-${contacts}-${Date.now()}-${made.length}`,
      name: label,
    });
    const { key } = await createApiKey(conn.db, ws.id, "bench-scale");
    made.push({ label, contacts, workspaceId: ws.id, apiKey: key });
  }
  await conn.close();

  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql.unsafe("set maintenance_work_mem = '512MB'");
  await sql.unsafe("set max_parallel_maintenance_workers = 2");
  const indexes = await sql.unsafe<{ name: string; def: string }[]>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any($1)
        and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
    [TABLES],
  );
  for (const ix of indexes) await sql.unsafe(`drop index ${ix.name}`);
  log(`dropped ${indexes.length} secondary indexes for the inserts`);

  const workspaces: ScaleWorkspace[] = [];
  await sql.unsafe("set session_replication_role = replica");
  for (const [w, m] of made.entries()) {
    const t = performance.now();
    const companies = Math.max(100, Math.round(m.contacts / 100));
    const deep = w === 0 ? `${SCALE_CONTACT_PREFIX}${SCALE_FIRST_CONTACT}` : undefined;
    const perContact = w === 0 ? opts.historyPerContact : 1;
    await seedOne(sql, m.workspaceId, m.contacts, companies, deep, perContact);
    const feedHead = m.contacts * perContact + (deep ? HISTORY_DEPTH : 0);
    workspaces.push({
      label: m.label,
      workspaceId: m.workspaceId,
      apiKey: m.apiKey,
      contacts: m.contacts,
      contactPrefix: SCALE_CONTACT_PREFIX,
      firstContact: SCALE_FIRST_CONTACT,
      companies,
      ...(deep ? { deepHistoryContactId: deep } : {}),
      feedHead,
    });
    log(`seeded ${m.label} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  await sql.unsafe("set session_replication_role = origin");

  let t = performance.now();
  for (const ix of indexes) await sql.unsafe(ix.def);
  log(`built ${indexes.length} indexes again in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await sql.unsafe("vacuum analyze");
  log(`vacuum analyze in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const rows: Record<string, number> = {};
  for (const table of [...TABLES, "companies"]) {
    const [r] = await sql.unsafe<{ n: string }[]>(`select count(*)::text as n from ${table}`);
    rows[table] = Number(r!.n);
  }
  await sql.end();
  return { workspaces, seconds: (performance.now() - started) / 1000, rows };
}

async function seedOne(
  sql: postgres.Sql,
  workspaceId: string,
  n: number,
  companies: number,
  deepContactId: string | undefined,
  perContact: number,
) {
  const c = (i: string) => `'${SCALE_CONTACT_PREFIX}' || (${SCALE_FIRST_CONTACT} + ${i})`;
  const co = (k: string) => `'${SCALE_COMPANY_PREFIX}' || (${SCALE_FIRST_COMPANY} + ${k})`;
  await sql.begin(async (tx) => {
    await tx.unsafe(
      `insert into companies (workspace_id, id, name)
       select $1, ${co("k")}, 'Company ' || k || ' AB' from generate_series(0, ${companies - 1}) k`,
      [workspaceId],
    );
    await tx.unsafe(
      `insert into contacts (workspace_id, id, first_name, last_name, email, phone, primary_language, strategy,
                             blocked, tags, tag_keys, version, created_at, updated_at)
       select $1, ${c("i")}, f, l,
              lower(f || '.' || l || '.' || i || '@example.com'),
              '+4670' || lpad((i::bigint * 7919 % 10000000)::text, 7, '0'),
              (array['sv','en','de','fr'])[1 + i % 4],
              case when i % 3 = 0 then 'Long-only, reviews quarterly' end,
              case when i % 50 = 0 then true end,
              t, array(select lower(x) from unnest(t) x), ${perContact},
              now() - make_interval(secs => ${n} - i), now() - make_interval(secs => ${n} - i)
         from generate_series(0, ${n - 1}) i,
              lateral (select (${text(FIRST_NAMES)})[1 + i % ${FIRST_NAMES.length}] as f,
                              (${text(LAST_NAMES)})[1 + (i / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}] as l,
                              array[(${text(TAGS)})[1 + i % 6], (${text(TAGS)})[7 + (i / 6) % 6],
                                    (${text(TAGS)})[1 + (i + 3) % 6]] as t) v`,
      [workspaceId],
    );
    // Every contact but each 10th has a primary company; each 2nd a second one.
    await tx.unsafe(
      `insert into contact_connections (workspace_id, contact_id, company_id, position, job_title, is_primary)
       select $1, ${c("i")}, ${co(`(i * 37) % ${companies}`)}, 0, 'Portfolio manager', true
         from generate_series(0, ${n - 1}) i where i % 10 <> 9
       union all
       select $1, ${c("i")}, ${co(`(i * 7 + 3) % ${companies}`)}, 1, 'Analyst', false
         from generate_series(0, ${n - 1}, 2) i`,
      [workspaceId],
    );
    await tx.unsafe(
      `insert into contact_external_refs (workspace_id, namespace, external_id, contact_id, position)
       select $1, 'crm', 'ext-' || (${SCALE_FIRST_CONTACT} + i), ${c("i")}, 0 from generate_series(0, ${n - 1}) i`,
      [workspaceId],
    );
    // History ids are UUIDv7-shaped and sort as the entries were written, as the product's do.
    const historyId = (k: string) => `'01910000-0000-7000-a000-' || lpad((${k})::text, 12, '0')`;
    // Round 0 creates every contact, each later round updates every contact once: entry
    // g = r·n + i has feed position g + 1 and a time that grows with g.
    await tx.unsafe(
      `insert into contact_history (workspace_id, id, contact_id, version, type, at, actor_type, actor_id, actor_name, changes, seq)
       select $1, ${historyId("g")}, ${c("i")}, r + 1, case when r = 0 then 'contact.created' else 'contact.updated' end,
              now() - make_interval(secs => ${n * perContact + HISTORY_DEPTH} - g),
              'script', 'bench', 'bench',
              case when r = 0 then jsonb_build_object('firstName', jsonb_build_object('from', null, 'to', 'x'))
                   else jsonb_build_object('strategy', jsonb_build_object('from', 'r' || (r - 1), 'to', 'r' || r)) end,
              g + 1
         from generate_series(0, ${perContact - 1}) r, generate_series(0, ${n - 1}) i, lateral (select r::bigint * ${n} + i as g) x`,
      [workspaceId],
    );
    if (deepContactId) {
      await tx.unsafe(
        `insert into contact_history (workspace_id, id, contact_id, version, type, at, actor_type, actor_id, actor_name, changes, seq)
         select $1, ${historyId(`${n * perContact} + j`)}, $2, ${perContact} + j, 'contact.updated', now() - make_interval(secs => ${HISTORY_DEPTH} - j),
                'script', 'bench', 'bench',
                jsonb_build_object('strategy', jsonb_build_object('from', 'v' || (j - 1), 'to', 'v' || j)), ${n * perContact} + j
           from generate_series(1, ${HISTORY_DEPTH}) j`,
        [workspaceId, deepContactId],
      );
      await tx.unsafe(
        `update contacts set version = ${perContact + HISTORY_DEPTH}, strategy = 'v${HISTORY_DEPTH}'
          where workspace_id = $1 and id = $2`,
        [workspaceId, deepContactId],
      );
    }
    await tx.unsafe(
      "insert into change_feed_heads (workspace_id, last_seq) values ($1, $2) on conflict (workspace_id) do update set last_seq = excluded.last_seq",
      [workspaceId, n * perContact + (deepContactId ? HISTORY_DEPTH : 0)],
    );
  });
}
