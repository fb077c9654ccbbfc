import {
  type Contact,
  IDENTITY_FIELDS,
  IDENTITY_REQUIRED_MESSAGE,
  type UpdateContactInput,
} from "@contacts/contracts";
import {
  type ContactFieldsPatch,
  type ContactRecord,
  type ContactWriteFields,
  type Database,
  lockContact,
  readContactForWrite,
  updateContactFields,
  writeContactUpdate,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { assertRefsFree, resolveConnections } from "./check-references";
import { diffContact } from "./diff-contact";
import { oneWriterPerContact } from "./one-writer-per-contact";
import { STALE, withWriteRetry } from "./write-retry";

const versionConflict = (current: number, expected: number) =>
  new ConflictError(
    `The contact is at version ${current}, not the expected ${expected}: it changed since you read it`,
    { currentVersion: current },
  );

/** The identity rule broken by a patch: pointed at the identity fields it cleared. */
function identityRequired(data: UpdateContactInput["data"]): ValidationError {
  const cleared = IDENTITY_FIELDS.filter((f) => data[f] !== undefined);
  return new ValidationError(
    (cleared.length ? cleared : ["firstName"]).map((f) => ({
      path: ["data", f],
      message: IDENTITY_REQUIRED_MESSAGE,
    })),
  );
}

/**
 * contact.update (CONTRACT §4): omitted fields stay, null clears, lists are replaced whole.
 * Round trips: a patch without lists is one statement that reads, decides and writes
 * (updateContactFields). A patch with lists is one read (the stored contact, the companies
 * and the refs it names) then, unless nothing changes, one write statement. No BEGIN/COMMIT:
 * each write is a single atomic statement guarded by the version it read. Writes of one
 * contact take turns in this process (oneWriterPerContact), so waiters hold no connection.
 */
export function updateContact(db: Database, actor: Actor, input: UpdateContactInput): Promise<Contact> {
  return oneWriterPerContact(db, actor.workspaceId, [input.id], () => applyUpdate(db, actor, input));
}

async function applyUpdate(db: Database, actor: Actor, input: UpdateContactInput): Promise<Contact> {
  const { id, data, expectedVersion } = input;
  if (data.tags === undefined && data.connections === undefined && data.externalRefs === undefined)
    return updateFieldsOnly(db, actor, input);
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

      const next: ContactRecord = { ...current };
      const fields: ContactWriteFields = {};
      for (const key of [
        "firstName",
        "lastName",
        "email",
        "phone",
        "linkedInUrl",
        "primaryLanguage",
        "strategy",
      ] as const) {
        const value = data[key];
        if (value !== undefined) next[key] = fields[key] = value;
      }
      if (data.profilePictureId !== undefined)
        next.profilePictureId = fields.profilePictureId = data.profilePictureId;
      if (data.blocked !== undefined) next.blocked = fields.blocked = data.blocked;
      if (data.tags !== undefined) next.tags = fields.tags = data.tags ?? [];
      if (data.connections !== undefined) {
        next.connections = resolveConnections(data.connections ?? [], read, ["data"]);
        fields.connections = next.connections.map((c) => ({
          companyId: c.company.id,
          jobTitle: c.jobTitle,
          primary: c.primary,
        }));
      }
      if (data.externalRefs !== undefined) {
        assertRefsFree(read);
        next.externalRefs = fields.externalRefs = data.externalRefs ?? [];
      }

      if (IDENTITY_FIELDS.every((f) => next[f] === null)) throw identityRequired(data);

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
function updateFieldsOnly(db: Database, actor: Actor, input: UpdateContactInput): Promise<Contact> {
  const { id, data, expectedVersion } = input;
  const ws = actor.workspaceId;
  const { tags: _t, connections: _c, externalRefs: _r, ...fields } = data;
  return withWriteRetry(
    db,
    (tx) => lockContact(tx, ws, id),
    async (exec) => {
      const result = await updateContactFields(exec, {
        workspaceId: ws,
        contactId: id,
        expectedVersion,
        fields: fields satisfies ContactFieldsPatch,
        history: { actorType: actor.type, actorId: actor.id, actorName: actor.name },
      });
      switch (result.outcome) {
        case "not_found":
          throw new NotFoundError("Contact");
        case "version_mismatch":
          throw versionConflict(result.currentVersion, expectedVersion!);
        case "identity_required":
          throw identityRequired(data);
        case "stale":
          return STALE;
        default:
          return result.contact;
      }
    },
  );
}
