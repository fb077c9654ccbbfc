import {
  CONNECTIONS_MAX,
  type Contact,
  dedupeTags,
  type ErrorIssue,
  EXTERNAL_REFS_MAX,
  IDENTITY_FIELDS,
  type MergeContactsInput,
  SCALAR_FIELDS,
  TAGS_MAX,
} from "@contacts/contracts";
import {
  type ContactRecord,
  type ContactWriteFields,
  type Executor,
  markContactDeleted,
  writeContactUpdate,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { NotFoundError, ValidationError, withIssuesAt } from "../../errors";
import { connectionWrites } from "./check-references";
import { diffContact } from "./diff-contact";
import { withIdentityRule } from "./identity-rule";
import { lifecycleRefusal } from "./lifecycle-refusals";
import { historyActor, inLifecycleTransaction } from "./lifecycle-transaction";
import { versionConflict } from "./update-contact";
import { STALE } from "./write-retry";

/**
 * The survivor as the merge leaves it: each scalar field from the side `fields` names, by
 * default the survivor's value, or the merged contact's where the survivor has none; tags,
 * connections and external references united, the survivor's first (its primary connection
 * stays the one primary; the merged contact's companies the survivor already has keep the
 * survivor's job title).
 */
export function mergedRecord(
  survivor: ContactRecord,
  merged: ContactRecord,
  fields: MergeContactsInput["fields"] = {},
): ContactRecord {
  const next: ContactRecord = { ...survivor };
  for (const field of SCALAR_FIELDS) {
    const side = fields[field] ?? (survivor[field] === null ? "merged" : "survivor");
    if (side === "merged") (next as Record<string, unknown>)[field] = merged[field];
  }
  next.tags = dedupeTags([...survivor.tags, ...merged.tags]);
  const hasPrimary = survivor.connections.some((c) => c.primary);
  const companies = new Set(survivor.connections.map((c) => c.company.id));
  next.connections = [
    ...survivor.connections,
    ...merged.connections
      .filter((c) => !companies.has(c.company.id))
      .map((c) => ({ ...c, primary: hasPrimary ? false : c.primary })),
  ];
  const refKey = (r: { namespace: string; id: string }) => `${r.namespace}\u0000${r.id}`;
  const refs = new Set(survivor.externalRefs.map(refKey));
  next.externalRefs = [...survivor.externalRefs, ...merged.externalRefs.filter((r) => !refs.has(refKey(r)))];
  return next;
}

/** The united lists must fit the limits of one contact; the merge is refused otherwise. */
function assertListsFit(next: ContactRecord): void {
  const over: ErrorIssue[] = [];
  const check = (count: number, max: number, what: string) => {
    if (count > max) {
      over.push({
        path: ["mergedId"],
        message: `Together the two contacts have ${count} ${what}, more than ${max}`,
      });
    }
  };
  check(next.tags.length, TAGS_MAX, "tags");
  check(next.connections.length, CONNECTIONS_MAX, "connections");
  check(next.externalRefs.length, EXTERNAL_REFS_MAX, "external references");
  if (over.length) throw new ValidationError(over);
}

/**
 * contact.merge (docs/api.md §6.16), in one transaction with both contacts locked in id order:
 * the merged contact is deleted with a pointer to its survivor (`contact.merged`, its
 * references moved off it), then the survivor is written with what it gained
 * (`contact.updated`, with `mergedFrom` naming the merged contact), so `get` of the merged id
 * and `findByExternalRef` of its references find the survivor. Refused for a contact that is
 * merged, erased or in the bin (CONFLICT), across workspaces (NOT_FOUND, as any unknown id).
 */
export function mergeContacts(db: Executor, actor: Actor, input: MergeContactsInput): Promise<Contact> {
  const ws = actor.workspaceId;
  const { survivorId, mergedId } = input;
  return inLifecycleTransaction(db, actor, [survivorId, mergedId], async (tx, states) => {
    const survivor = states.get(survivorId);
    const merged = states.get(mergedId);
    if (!survivor || !merged) throw new NotFoundError("Contact");
    for (const [state, role] of [
      [survivor, "surviving"],
      [merged, "merged"],
    ] as const) {
      const refusal = lifecycleRefusal(state, role);
      if (refusal) throw refusal;
    }
    const expected = input.expectedVersions;
    if (expected?.survivor !== undefined && expected.survivor !== survivor.version) {
      throw versionConflict(survivor.version, expected.survivor);
    }
    if (expected?.merged !== undefined && expected.merged !== merged.version) {
      throw versionConflict(merged.version, expected.merged);
    }

    const next = mergedRecord(survivor.record, merged.record, input.fields);
    assertListsFit(next);
    // Every scalar field is written (an unchanged one with its own value), lists whole.
    const fields = {
      ...Object.fromEntries(SCALAR_FIELDS.map((f) => [f, next[f]])),
      tags: next.tags,
      connections: connectionWrites(next.connections),
      externalRefs: next.externalRefs,
    } as ContactWriteFields;
    const changes = { ...diffContact(survivor.record, next), mergedFrom: { from: null, to: mergedId } };

    const gone = await markContactDeleted(tx, {
      workspaceId: ws,
      contactId: mergedId,
      readVersion: merged.version,
      mergedInto: survivorId,
      history: historyActor(actor),
    });
    if (!gone) return STALE;
    // A choice of the merged side's empty names and email breaks the identity rule: reported
    // at the fields chosen, like an update that cleared them.
    const chosenMerged = IDENTITY_FIELDS.filter((f) => input.fields?.[f] === "merged");
    const written = await withIssuesAt(["fields"], () =>
      withIdentityRule(chosenMerged, () =>
        writeContactUpdate(tx, {
          workspaceId: ws,
          contactId: survivorId,
          readVersion: survivor.version,
          fields,
          history: { ...historyActor(actor), changes },
        }),
      ),
    );
    if (!written) return STALE;
    return { ...next, version: written.version, updatedAt: written.updatedAt };
  });
}
