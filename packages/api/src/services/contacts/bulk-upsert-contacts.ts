import {
  type BulkUpsertInput,
  BulkUpsertItem,
  type BulkUpsertOutput,
  type BulkUpsertResult,
  type ContactFieldValues,
  CreateContactRequest,
  type ExternalRef,
  emptyContactFields,
  hasIdentity,
  identityIssues,
} from "@contacts/contracts";
import {
  type BulkContactWrite,
  type BulkReadResult,
  type ContactRecord,
  type Executor,
  isTransientPgError,
  lockContacts,
  newId,
  readContactsForBulk,
  writeContactsBulk,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, issuesAt, NotFoundError, ValidationError } from "../../errors";
import { toBatchItemError } from "./batch-item-error";
import { connectionWrites, resolveConnections } from "./check-references";
import { diffContact } from "./diff-contact";
import { identityFieldsIn } from "./identity-rule";
import { scalarPatch } from "./scalar-patch";
import { versionConflict } from "./update-contact";
import { keepingRef } from "./upsert-contact-by-external-ref";

/** Read-decide-write rounds before the items still colliding answer WRITE_CONTENTION. */
const ATTEMPTS = 8;
/** Rounds without locks first; later ones lock the contacts they read (withWriteRetry's way). */
const OPTIMISTIC_ATTEMPTS = 3;

type Parsed = { index: number; item: BulkUpsertItem };

const refKey = (r: ExternalRef) => `${r.namespace}\u0000${r.id}`;

/**
 * contact.bulkUpsert (docs/api.md §6.18): the rules, results, no-op detection and history of
 * `contact.update`, `contact.upsertByExternalRef` and `contact.create`, item by item, but
 * written set by set: ONE statement reads everything the batch needs (readContactsForBulk),
 * the decisions are made here with the same functions as the single calls, and ONE statement
 * writes every changed contact, its lists and its history entry (writeContactsBulk). So a
 * batch of 1,000 costs two round trips, not 2,000.
 *
 * Items are decided in input order, as if applied one after the other: a reference released
 * by an earlier item may be taken by a later one, a reference claimed by an earlier item is
 * taken for the later ones. Items naming the same contact (by id, or by a reference it holds)
 * collapse: the last one is written, the others answer `superseded`. An update is written only
 * while its contact is at the version it was read at; one that moved meanwhile (a concurrent
 * writer) is decided again on a fresh read, as single updates retry.
 */
export async function bulkUpsertContacts(
  db: Executor,
  actor: Actor,
  input: BulkUpsertInput,
): Promise<BulkUpsertOutput> {
  const results: BulkUpsertResult[] = new Array(input.items.length);
  let pending: Parsed[] = [];
  input.items.forEach((raw, index) => {
    const parsed = BulkUpsertItem.safeParse(raw);
    if (parsed.success) pending.push({ index, item: parsed.data });
    else results[index] = failure(parsed.error);
  });

  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > ATTEMPTS) {
      const contention = new ConflictError(
        "WRITE_CONTENTION",
        "The contact kept changing while this write was applied; try again",
      );
      for (const p of pending) results[p.index] = failure(contention);
      break;
    }
    try {
      const items = pending;
      pending =
        attempt <= OPTIMISTIC_ATTEMPTS
          ? await attemptOnce(db, actor, items, results)
          : await db.transaction(async (tx) => {
              // Contended: hold the contacts' row locks (in id order, so no deadlock) from
              // before the read to the write, so this attempt cannot go stale.
              const first = await readFor(tx, actor, items);
              await lockContacts(
                tx,
                actor.workspaceId,
                first.contacts.map((c) => c.id),
              );
              return attemptOnce(tx, actor, items, results);
            });
    } catch (err) {
      if (!isTransientPgError(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
  // A superseded item reports the contact its winner wrote, known only now.
  results.forEach((r, index) => {
    if (!r.ok || r.outcome !== "superseded" || r.by === undefined) return;
    const won = results[r.by];
    if (won?.ok) results[index] = { ...r, id: won.id, version: won.version };
  });
  return { results };
}

const failure = (err: unknown): BulkUpsertResult => {
  const error = toBatchItemError(err);
  if (!error) throw err;
  return { ok: false, error };
};

/** One read, the decisions, one write. Answers the items to try again (their contact moved). */
async function attemptOnce(
  db: Executor,
  actor: Actor,
  items: Parsed[],
  results: BulkUpsertResult[],
): Promise<Parsed[]> {
  const ws = actor.workspaceId;
  const read = await readFor(db, actor, items);
  const decided = decide(items, read);
  const writes = decided.flatMap((d) => (d.write ? [d.write] : []));
  const written = writes.length
    ? await writeContactsBulk(db, {
        workspaceId: ws,
        rows: writes,
        actor: { actorType: actor.type, actorId: actor.id, actorName: actor.name },
      })
    : [];
  const versionOf = new Map(written.map((w) => [w.id, w.version]));
  const retry: Parsed[] = [];
  for (const d of decided) {
    if (!d.write) {
      results[d.parsed.index] = d.result;
      continue;
    }
    const version = versionOf.get(d.write.id);
    if (version === undefined) {
      retry.push(d.parsed);
      continue;
    }
    results[d.parsed.index] = {
      ok: true,
      outcome: d.write.kind === "insert" ? "created" : "updated",
      id: d.write.id,
      version,
    };
  }
  return retry;
}

const readFor = (db: Executor, actor: Actor, items: Parsed[]) =>
  readContactsForBulk(db, {
    workspaceId: actor.workspaceId,
    contactIds: items.flatMap((p) => p.item.id ?? []),
    targetRefs: items.flatMap((p) => p.item.ref ?? []),
    claimedRefs: items.flatMap((p) => p.item.data.externalRefs ?? []),
    companyIds: items.flatMap((p) => p.item.data.connections?.map((c) => c.company.id) ?? []),
  });

type Decision =
  | { parsed: Parsed; write: BulkContactWrite; result?: never }
  | {
      parsed: Parsed;
      write?: never;
      result: BulkUpsertResult;
    };

/** Each item's outcome against what was read, in input order (see bulkUpsertContacts). */
function decide(items: Parsed[], read: BulkReadResult): Decision[] {
  const contacts = new Map(read.contacts.map((c) => [c.id, c]));
  const holderOf = new Map(read.holders.map((h) => [refKey(h), h.contactId]));
  const companies: Companies = { contact: null, companies: read.companies, takenRefs: [] };

  // The contact each item names, as read: the last item naming one is the one written.
  const targetOf = (p: Parsed) =>
    p.item.id !== undefined
      ? `id:${p.item.id}`
      : p.item.ref
        ? holderOf.has(refKey(p.item.ref))
          ? `id:${holderOf.get(refKey(p.item.ref))}`
          : `ref:${refKey(p.item.ref)}`
        : `new:${p.index}`;
  const lastOf = new Map(items.map((p) => [targetOf(p), p.index]));
  /** Contacts created by earlier items of this batch: a later upsert does not see them. */
  const createdHere = new Set<string>();

  return items.map((parsed): Decision => {
    const by = lastOf.get(targetOf(parsed))!;
    if (by !== parsed.index) {
      return { parsed, result: { ok: true, outcome: "superseded", by, id: null, version: null } };
    }
    try {
      const write = decideOne(parsed.item, contacts, holderOf, companies, createdHere);
      if (write.kind === "unchanged") {
        return { parsed, result: { ok: true, outcome: "unchanged", id: write.id, version: write.version } };
      }
      return { parsed, write };
    } catch (err) {
      return { parsed, result: failure(issuesAt([], err)) };
    }
  });
}

type Unchanged = { kind: "unchanged"; id: string; version: number };

function decideOne(
  item: BulkUpsertItem,
  contacts: Map<string, ContactRecord>,
  holderOf: Map<string, string>,
  companies: Companies,
  createdHere: Set<string>,
): BulkContactWrite | Unchanged {
  let current: ContactRecord | undefined;
  let data = item.data;
  if (item.id !== undefined) {
    current = contacts.get(item.id);
    if (!current) throw new NotFoundError("Contact");
    if (item.expectedVersion !== undefined && item.expectedVersion !== current.version) {
      throw versionConflict(current.version, item.expectedVersion);
    }
  } else if (item.ref) {
    data = keepingRef(data, item.ref);
    const holder = holderOf.get(refKey(item.ref));
    if (holder !== undefined && createdHere.has(holder)) {
      throw refTaken(item.ref, holder);
    }
    current = holder === undefined ? undefined : contacts.get(holder);
  }

  const id = current?.id ?? newId();
  const next = current
    ? nextOfUpdate(current, data, companies)
    : nextOfCreate(
        item.ref ? { ...data, externalRefs: data.externalRefs ?? [item.ref] } : data,
        companies,
        !item.ref,
      );
  if (!hasIdentity(next)) {
    throw issuesAt(
      ["data"],
      new ValidationError(identityIssues(identityFieldsIn(data)), "IDENTITY_REQUIRED"),
    );
  }
  const before = current ?? emptyContactFields();
  const changes = diffContact(before, next);
  if (current && Object.keys(changes).length === 0) {
    return { kind: "unchanged", id: current.id, version: current.version };
  }

  // The references it will hold must be free, as the batch stands after the items before it.
  for (const ref of next.externalRefs) {
    const holder = holderOf.get(refKey(ref));
    if (holder !== undefined && holder !== id) throw refTaken(ref, holder);
  }
  for (const ref of current?.externalRefs ?? []) {
    if (holderOf.get(refKey(ref)) === id) holderOf.delete(refKey(ref));
  }
  for (const ref of next.externalRefs) holderOf.set(refKey(ref), id);
  if (!current) createdHere.add(id);

  const { tags, connections, externalRefs, ...scalars } = next;
  return {
    id,
    kind: current ? "update" : "insert",
    readVersion: current?.version ?? 0,
    fields: {
      ...(scalars as BulkContactWrite["fields"]),
      tags,
      ...((!current || changes.connections) && { connections: connectionWrites(connections) }),
      ...((!current || changes.externalRefs) && { externalRefs }),
    },
    changes,
  };
}

const refTaken = (ref: ExternalRef, contactId: string) =>
  new ConflictError(
    "EXTERNAL_REF_TAKEN",
    `External reference ${ref.namespace}/${ref.id} already belongs to contact ${contactId}`,
    { contactId, externalRef: { namespace: ref.namespace, id: ref.id } },
  );

type Companies = Parameters<typeof resolveConnections>[1];

/** contact.update's next state: omitted stays, null clears, lists replaced whole. */
function nextOfUpdate(current: ContactRecord, data: BulkUpsertItem["data"], read: Companies): ContactRecord {
  const next: ContactRecord = { ...current, ...scalarPatch(data) };
  if (data.tags !== undefined) next.tags = data.tags ?? [];
  if (data.connections !== undefined) {
    next.connections = inData(() => resolveConnections(data.connections ?? [], read));
  }
  if (data.externalRefs !== undefined) next.externalRefs = data.externalRefs ?? [];
  return next;
}

/**
 * contact.create's values. A plain create is validated as CreateContactRequest (its identity
 * issue at firstName); an upsert's create takes update data, as upsertByExternalRef does.
 */
function nextOfCreate(
  data: BulkUpsertItem["data"],
  read: Companies,
  plainCreate: boolean,
): ContactFieldValues {
  if (plainCreate) inData(() => CreateContactRequest.parse(data));
  const given = Object.entries(data).filter(([, v]) => v !== undefined && v !== null);
  const values = { ...emptyContactFields(), ...Object.fromEntries(given) } as ContactFieldValues;
  values.connections = inData(() => resolveConnections(data.connections ?? [], read));
  return values;
}

/** Issues of the contact's data sit under `["data"]` in the item. */
function inData<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw issuesAt(["data"], err);
  }
}
