import type { Contact, UpdateContactInput } from "@contacts/contracts";
import {
  type ContactRecord,
  type ContactWriteFields,
  type Executor,
  lockContact,
  readContactForWrite,
  updateContactFields,
  writeContactUpdate,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, NotFoundError, withIssuesAt } from "../../errors";
import { assertRefsFree, connectionWrites, resolveConnections } from "./check-references";
import { diffContact } from "./diff-contact";
import { identityFieldsIn, withIdentityRule } from "./identity-rule";
import { oneWriterPerContact } from "./one-writer-per-contact";
import { scalarPatch } from "./scalar-patch";
import { STALE, withWriteRetry } from "./write-retry";

/** A stale `expectedVersion` (docs/api.md §4.7): CONFLICT with the current version. */
export const versionConflict = (current: number, expected: number) =>
  new ConflictError(
    "STALE_VERSION",
    `The contact is at version ${current}, not the expected ${expected}: it changed since you read it`,
    { currentVersion: current },
  );

/**
 * contact.update (docs/api.md §4): omitted fields stay, null clears, lists are replaced whole.
 * Round trips: a patch without lists is one statement that reads, decides and writes
 * (updateContactFields). A patch with lists is one read (the stored contact, the companies
 * and the refs it names) then, unless nothing changes, one write statement. No BEGIN/COMMIT:
 * each write is a single atomic statement guarded by the version it read. `db` may be a
 * transaction (an atomic batch). Writes of one contact take turns in this process
 * (oneWriterPerContact), so waiters hold no connection.
 */
export function updateContact(db: Executor, actor: Actor, input: UpdateContactInput): Promise<Contact> {
  const { data } = input;
  const hasLists =
    data.tags !== undefined || data.connections !== undefined || data.externalRefs !== undefined;
  return oneWriterPerContact(db, actor.workspaceId, [input.id], () =>
    withIssuesAt(["data"], () =>
      withIdentityRule(identityFieldsIn(data), () =>
        hasLists ? updateWithLists(db, actor, input) : updateFieldsOnly(db, actor, input),
      ),
    ),
  );
}

function updateWithLists(db: Executor, actor: Actor, input: UpdateContactInput): Promise<Contact> {
  const { id, data, expectedVersion } = input;
  const ws = actor.workspaceId;
  return withWriteRetry(
    db,
    (tx) => lockContact(tx, ws, id),
    async (exec) => {
      const read = await readContactForWrite(exec, {
        workspaceId: ws,
        contactId: id,
        companyIds: data.connections?.map((c) => c.company.id) ?? [],
        externalRefs: data.externalRefs ?? [],
      });
      const current = read.contact;
      if (!current) throw new NotFoundError("Contact");
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw versionConflict(current.version, expectedVersion);
      }

      const scalars = scalarPatch(data);
      const next: ContactRecord = { ...current, ...scalars };
      const fields: ContactWriteFields = { ...scalars };
      if (data.tags !== undefined) next.tags = fields.tags = data.tags ?? [];
      if (data.connections !== undefined) {
        next.connections = resolveConnections(data.connections ?? [], read);
        fields.connections = connectionWrites(next.connections);
      }
      if (data.externalRefs !== undefined) {
        assertRefsFree(read);
        next.externalRefs = fields.externalRefs = data.externalRefs ?? [];
      }

      const changes = diffContact(current, next);
      if (Object.keys(changes).length === 0) return current;

      const written = await writeContactUpdate(exec, {
        workspaceId: ws,
        contactId: id,
        readVersion: current.version,
        fields,
        history: { actorType: actor.type, actorId: actor.id, actorName: actor.name, changes },
      });
      if (!written) return STALE;
      return { ...next, version: written.version, updatedAt: written.updatedAt };
    },
  );
}

/** A patch of the contact's own fields (no list in it): one statement per attempt. */
function updateFieldsOnly(db: Executor, actor: Actor, input: UpdateContactInput): Promise<Contact> {
  const { id, data, expectedVersion } = input;
  const ws = actor.workspaceId;
  return withWriteRetry(
    db,
    (tx) => lockContact(tx, ws, id),
    async (exec) => {
      const result = await updateContactFields(exec, {
        workspaceId: ws,
        contactId: id,
        expectedVersion,
        fields: scalarPatch(data),
        history: { actorType: actor.type, actorId: actor.id, actorName: actor.name },
      });
      switch (result.outcome) {
        case "not_found":
          throw new NotFoundError("Contact");
        case "version_mismatch":
          throw versionConflict(result.currentVersion, expectedVersion!);
        case "stale":
          return STALE;
        default:
          return result.contact;
      }
    },
  );
}
