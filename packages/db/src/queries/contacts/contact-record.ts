import { sql } from "drizzle-orm";
import { type ContactColumnValues, eachColumn } from "./contact-columns";

/** A stored contact as the queries return it: lists in written order, timestamps as ISO strings. */
export type ContactRecord = { id: string } & ContactColumnValues & {
    tags: string[];
    connections: { company: { id: string; name: string }; jobTitle: string | null; primary: boolean }[];
    externalRefs: { namespace: string; id: string }[];
    version: number;
    createdAt: string;
    updatedAt: string;
  };

/** ISO-8601 in UTC with milliseconds, the same from both drivers. */
export const isoTimestamp = (column: ReturnType<typeof sql.raw>) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One contact row `c` as a JSON object of ContactRecord's shape, lists included, built in
 * the database so that a read is one round trip whatever the lists hold.
 */
export const contactJson = sql`json_build_object(
  'id', c.id,
  ${eachColumn((key, column) => `'${key}', c.${column}`, ",\n  ")},
  'tags', c.tags,
  'connections', coalesce((
    select json_agg(json_build_object(
      'company', json_build_object('id', co.id, 'name', co.name),
      'jobTitle', cc.job_title,
      'primary', cc.is_primary) order by cc.position)
    from contact_connections cc
    join companies co on co.workspace_id = cc.workspace_id and co.id = cc.company_id
    where cc.workspace_id = c.workspace_id and cc.contact_id = c.id), '[]'::json),
  'externalRefs', coalesce((
    select json_agg(json_build_object('namespace', r.namespace, 'id', r.external_id) order by r.position)
    from contact_external_refs r
    where r.workspace_id = c.workspace_id and r.contact_id = c.id), '[]'::json),
  'version', c.version,
  'createdAt', ${isoTimestamp(sql.raw("c.created_at"))},
  'updatedAt', ${isoTimestamp(sql.raw("c.updated_at"))}
)`;
