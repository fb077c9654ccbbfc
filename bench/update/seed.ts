import { createApiKey, createWorkspace } from "@contacts/api";
import { createDb, migrate } from "@contacts/db";
import postgres from "postgres";
import {
  COMPANY_COUNT,
  COMPANY_ID_PREFIX,
  CONTACT_COUNT,
  CONTACT_ID_PREFIX,
  FIRST_COMPANY,
  FIRST_CONTACT,
  FIRST_NAMES,
  LAST_NAMES,
  TAGS,
} from "./fixtures";

export interface Seeded {
  workspaceId: string;
  apiKey: string;
  apiKeyId: string;
}

/**
 * Creates the database, applies the product's migrations, and seeds one fresh workspace with
 * 100,000 contacts (3 tags, 1–2 connections, 1 external ref each) and 1,000 companies, in a
 * handful of set-based statements, then an API key made by the product's own service.
 */
export async function seedBenchDatabase(adminUrl: string, url: string): Promise<Seeded> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe("create database bench");
  await admin.end();

  const conn = await createDb({ url, maxConnections: 2 });
  await migrate(conn);
  const ws = await createWorkspace(conn.db, { slug: `bench-${Date.now()}`, name: "Benchmark" });
  const workspaceId = ws.id;
  const { key, id: apiKeyId } = await createApiKey(conn.db, workspaceId, "bench");
  await conn.close();

  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql.unsafe("create extension if not exists pg_stat_statements");
  const text = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]::text[]`;
  await sql.begin(async (tx) => {
    await tx.unsafe(
      `insert into companies (workspace_id, id, name)
       select $1, '${COMPANY_ID_PREFIX}' || (${FIRST_COMPANY} + k), 'Company ' || k || ' AB'
         from generate_series(0, ${COMPANY_COUNT - 1}) k`,
      [workspaceId],
    );
    await tx.unsafe(
      `insert into contacts (workspace_id, id, first_name, last_name, email, phone, primary_language, strategy,
                             blocked, tags, tag_keys, created_at, updated_at)
       select $1, '${CONTACT_ID_PREFIX}' || (${FIRST_CONTACT} + i), f, l,
              lower(f || '.' || l || '.' || i || '@example.com'),
              '+4670' || lpad((i * 7919 % 10000000)::text, 7, '0'),
              (array['sv','en','de','fr'])[1 + i % 4],
              case when i % 3 = 0 then 'Long-only, reviews quarterly' end,
              case when i % 50 = 0 then true end,
              t, array(select lower(x) from unnest(t) x),
              now() - make_interval(secs => ${CONTACT_COUNT} - i), now() - make_interval(secs => ${CONTACT_COUNT} - i)
         from generate_series(0, ${CONTACT_COUNT - 1}) i,
              lateral (select (${text(FIRST_NAMES)})[1 + i % ${FIRST_NAMES.length}] as f,
                              (${text(LAST_NAMES)})[1 + (i / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}] as l,
                              array[(${text(TAGS)})[1 + i % 6], (${text(TAGS)})[7 + (i / 6) % 6],
                                    (${text(TAGS)})[1 + (i + 3) % 6]] as t) v`,
      [workspaceId],
    );
    await tx.unsafe(
      `insert into contact_connections (workspace_id, contact_id, company_id, position, job_title, is_primary)
       select $1, '${CONTACT_ID_PREFIX}' || (${FIRST_CONTACT} + i), '${COMPANY_ID_PREFIX}' || (${FIRST_COMPANY} + i % ${COMPANY_COUNT}),
              0, 'Portfolio manager', true
         from generate_series(0, ${CONTACT_COUNT - 1}) i
       union all
       select $1, '${CONTACT_ID_PREFIX}' || (${FIRST_CONTACT} + i), '${COMPANY_ID_PREFIX}' || (${FIRST_COMPANY} + (i * 7 + 3) % ${COMPANY_COUNT}),
              1, 'Analyst', false
         from generate_series(0, ${CONTACT_COUNT - 1}, 2) i`,
      [workspaceId],
    );
    await tx.unsafe(
      `insert into contact_external_refs (workspace_id, namespace, external_id, contact_id, position)
       select $1, 'crm', 'ext-' || (${FIRST_CONTACT} + i), '${CONTACT_ID_PREFIX}' || (${FIRST_CONTACT} + i), 0
         from generate_series(0, ${CONTACT_COUNT - 1}) i`,
      [workspaceId],
    );
  });
  await sql.unsafe("vacuum analyze");
  await sql.end();
  return { workspaceId, apiKey: key, apiKeyId };
}
