/**
 * The bare peer: what a straightforward implementation of contact.update does, with no
 * framework: it validates its input with the contract's schema (a fair peer validates;
 * PEER_VALIDATES=0 skips it). node:http + postgres.js (pool of 10, like the product's), the
 * same API-key check (one lookup by workspace and SHA-256), then one transaction:
 * BEGIN; SELECT … FOR UPDATE (the row and its lists, for the history's "from");
 * UPDATE; for each list in the patch DELETE + INSERT; INSERT history; COMMIT.
 * Answers the updated contact as tRPC would ({ result: { data } }).
 *
 * Usage: DATABASE_URL=… PORT=… tsx peer-server.ts
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { UpdateContactInput } from "@contacts/contracts";
import postgres from "postgres";

const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
/** PEER_VALIDATES=0: the peer as it was first measured, taking its input unchecked. */
const VALIDATES = process.env.PEER_VALIDATES !== "0";
const KEY = /^Bearer ck_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;

const SCALARS: Record<string, string> = {
  firstName: "first_name",
  lastName: "last_name",
  email: "email",
  phone: "phone",
  linkedInUrl: "linkedin_url",
  primaryLanguage: "primary_language",
  profilePictureId: "profile_picture_id",
  strategy: "strategy",
  blocked: "blocked",
};

interface Connection {
  company: { id: string; name?: string };
  jobTitle?: string | null;
  primary?: boolean;
}
interface Patch extends Record<string, unknown> {
  tags?: string[] | null;
  connections?: Connection[] | null;
  externalRefs?: { namespace: string; id: string }[] | null;
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const error = (res: ServerResponse, status: number, code: string, message: string) =>
  send(res, status, { error: { message, code: -32600, data: { code, httpStatus: status } } });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function update(ws: string, actor: { id: string; name: string }, id: string, data: Patch) {
  return sql.begin(async (tx) => {
    const [c] = await tx`
      select c.*,
        coalesce((select json_agg(json_build_object('company', json_build_object('id', co.id, 'name', co.name),
                   'jobTitle', cc.job_title, 'primary', cc.is_primary) order by cc.position)
                  from contact_connections cc join companies co on co.workspace_id = cc.workspace_id and co.id = cc.company_id
                 where cc.workspace_id = c.workspace_id and cc.contact_id = c.id), '[]') as connections,
        coalesce((select json_agg(json_build_object('namespace', r.namespace, 'id', r.external_id) order by r.position)
                  from contact_external_refs r where r.workspace_id = c.workspace_id and r.contact_id = c.id), '[]') as external_refs
        from contacts c where c.workspace_id = ${ws} and c.id = ${id} for update of c`;
    if (!c) return null;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const set: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(SCALARS)) {
      if (data[key] === undefined) continue;
      set[column] = data[key];
      if (!same(c[column], data[key])) changes[key] = { from: c[column], to: data[key] };
    }
    if (data.tags !== undefined) {
      const tags = data.tags ?? [];
      set.tags = tags;
      set.tag_keys = tags.map((t) => t.toLowerCase());
      if (!same(c.tags, tags)) changes.tags = { from: c.tags, to: tags };
    }
    set.version = c.version + 1;
    const [u] = await tx`
      update contacts set ${tx(set)}, updated_at = now()
       where workspace_id = ${ws} and id = ${id}
       returning *, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created,
                    to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated`;
    let connections = c.connections as Connection[];
    if (data.connections !== undefined) {
      await tx`delete from contact_connections where workspace_id = ${ws} and contact_id = ${id}`;
      const rows = (data.connections ?? []).map((x, position) => ({
        workspace_id: ws,
        contact_id: id,
        company_id: x.company.id,
        position,
        job_title: x.jobTitle ?? null,
        is_primary: x.primary ?? false,
      }));
      connections = rows.length
        ? (
            await tx`with ins as (insert into contact_connections ${tx(rows)} returning *)
              select ins.company_id, co.name, ins.job_title, ins.is_primary from ins
                join companies co on co.workspace_id = ins.workspace_id and co.id = ins.company_id
               order by ins.position`
          ).map((r) => ({
            company: { id: r.company_id, name: r.name },
            jobTitle: r.job_title,
            primary: r.is_primary,
          }))
        : [];
      if (!same(c.connections, connections)) changes.connections = { from: c.connections, to: connections };
    }
    let externalRefs = c.external_refs as { namespace: string; id: string }[];
    if (data.externalRefs !== undefined) {
      externalRefs = data.externalRefs ?? [];
      await tx`delete from contact_external_refs where workspace_id = ${ws} and contact_id = ${id}`;
      if (externalRefs.length) {
        await tx`insert into contact_external_refs ${tx(
          externalRefs.map((r, position) => ({
            workspace_id: ws,
            namespace: r.namespace,
            external_id: r.id,
            contact_id: id,
            position,
          })),
        )}`;
      }
      if (!same(c.external_refs, externalRefs))
        changes.externalRefs = { from: c.external_refs, to: externalRefs };
    }
    await tx`insert into contact_history ${tx({
      workspace_id: ws,
      id: randomUUID(),
      contact_id: id,
      version: u!.version,
      type: "contact.updated",
      at: u!.updated_at,
      actor_type: "api_key",
      actor_id: actor.id,
      actor_name: actor.name,
      changes: tx.json(changes as postgres.JSONValue),
    })}`;
    return {
      id,
      firstName: u!.first_name,
      lastName: u!.last_name,
      email: u!.email,
      phone: u!.phone,
      linkedInUrl: u!.linkedin_url,
      primaryLanguage: u!.primary_language,
      profilePictureId: u!.profile_picture_id,
      strategy: u!.strategy,
      blocked: u!.blocked,
      tags: u!.tags,
      connections,
      externalRefs,
      version: u!.version,
      createdAt: u!.created,
      updatedAt: u!.updated,
    };
  });
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "POST" || req.url !== "/api/trpc/contact.update")
    return error(res, 404, "NOT_FOUND", "Not found");
  const body = await readBody(req);
  const match = KEY.exec(req.headers.authorization ?? "");
  if (!match) return error(res, 401, "UNAUTHORIZED", "Unauthorized");
  const ws = match[1]!;
  const hash = createHash("sha256").update(req.headers.authorization!.slice(7)).digest("hex");
  const [key] = await sql`select id, name from api_keys
    where workspace_id = ${ws} and key_hash = ${hash} and revoked_at is null`;
  if (!key) return error(res, 401, "UNAUTHORIZED", "Unauthorized");
  let input: { id: string; data: Patch };
  try {
    input = JSON.parse(body);
  } catch {
    return error(res, 400, "BAD_REQUEST", "Invalid JSON");
  }
  if (VALIDATES) {
    // A fair peer validates what it writes, with the contract's own schema (and normalizes:
    // phone numbers, language codes, trimmed text), as the product does.
    const parsed = UpdateContactInput.safeParse(input);
    if (!parsed.success) return error(res, 400, "BAD_REQUEST", parsed.error.message);
    input = parsed.data as typeof input;
  }
  const contact = await update(ws, { id: key.id, name: key.name }, input.id, input.data);
  if (!contact) return error(res, 404, "NOT_FOUND", "Contact not found");
  send(res, 200, { result: { data: contact } });
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    console.error(err);
    if (!res.headersSent) error(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("peer ready"));
const stop = () => {
  server.closeAllConnections();
  server.close(() => sql.end({ timeout: 5 }).then(() => process.exit(0)));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
