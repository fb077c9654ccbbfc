import {
  type BulkUpsertInput,
  BulkUpsertItem,
  type BulkUpsertOutput,
  type BulkUpsertResult,
  CreateContactRequest,
} from "@contacts/contracts";
import type { Executor } from "@contacts/db";
import type { Actor } from "../../actor";
import { withIssuesAt } from "../../errors";
import { runEachItem } from "./batch-each";
import { toBatchItemError } from "./batch-item-error";
import { createContact } from "./create-contact";
import { getContact } from "./read-contacts";
import { updateContact } from "./update-contact";
import { upsertContactByExternalRef } from "./upsert-contact-by-external-ref";

type Parsed = { index: number; item: BulkUpsertItem; key: string | undefined };

const keyOf = (item: BulkUpsertItem) =>
  item.id !== undefined ? `id:${item.id}` : item.ref ? `ref:${item.ref.namespace}:${item.ref.id}` : undefined;

/** An item the contract refuses: the error (and issue paths) it would have as a single call. */
const invalid = (err: unknown): BulkUpsertResult => ({ ok: false, error: toBatchItemError(err)! });

/**
 * contact.bulkUpsert (docs/api.md §6.18): many updates, upserts by reference and creates in one
 * call, each validated with the contract on its own. Items naming the same contact (same id
 * or same ref) collapse: the last wins and the others answer `superseded`.
 */
export async function bulkUpsertContacts(
  db: Executor,
  actor: Actor,
  input: BulkUpsertInput,
): Promise<BulkUpsertOutput> {
  const results: BulkUpsertResult[] = new Array(input.items.length);
  const lastOf = new Map<string, number>();
  const parsed: Parsed[] = [];
  input.items.forEach((raw, index) => {
    const result = BulkUpsertItem.safeParse(raw);
    if (!result.success) {
      results[index] = invalid(result.error);
      return;
    }
    const key = keyOf(result.data);
    if (key !== undefined) lastOf.set(key, index);
    parsed.push({ index, item: result.data, key });
  });
  const winners = parsed.filter((p) => p.key === undefined || lastOf.get(p.key) === p.index);
  const written = await runEachItem<Parsed, BulkUpsertResult>(
    winners,
    (p) => p.item.id,
    (p) => writeOne(db, actor, p.item),
    (error) => ({ ok: false, error }),
    "contact.bulkUpsert",
  );
  winners.forEach((p, i) => {
    results[p.index] = written[i]!;
  });
  for (const p of parsed) {
    if (results[p.index]) continue;
    const by = lastOf.get(p.key!)!;
    const won = results[by];
    results[p.index] = {
      ok: true,
      outcome: "superseded",
      by,
      id: won?.ok ? won.id : null,
      version: won?.ok ? won.version : null,
    };
  }
  return { results };
}

async function writeOne(db: Executor, actor: Actor, item: BulkUpsertItem): Promise<BulkUpsertResult> {
  if (item.id !== undefined) {
    const before = item.expectedVersion ?? (await getContact(db, actor, { id: item.id })).version;
    const contact = await updateContact(db, actor, { id: item.id, data: item.data, expectedVersion: before });
    const outcome = contact.version === before ? "unchanged" : "updated";
    return { ok: true, outcome, id: contact.id, version: contact.version };
  }
  if (item.ref) {
    const out = await upsertContactByExternalRef(db, actor, { ...item.ref, data: item.data });
    return { ok: true, outcome: out.outcome, id: out.contact.id, version: out.contact.version };
  }
  const data = await withIssuesAt(["data"], async () => CreateContactRequest.parse(item.data));
  const contact = await withIssuesAt(["data"], () => createContact(db, actor, data));
  return { ok: true, outcome: "created", id: contact.id, version: contact.version };
}
