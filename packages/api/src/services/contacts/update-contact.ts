import {
  type Contact,
  IDENTITY_FIELDS,
  IDENTITY_REQUIRED_MESSAGE,
  type UpdateContactInput,
} from "@contacts/contracts";
import {
  type ContactRecord,
  type ContactWriteFields,
  type Database,
  lockContact,
  newId,
  readContactForWrite,
  writeContactUpdate,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { assertRefsFree, resolveConnections } from "./check-references";
import { diffContact } from "./diff-contact";
import { STALE, withWriteRetry } from "./write-retry";

/**
 * contact.update (CONTRACT §4): omitted fields stay, null clears, lists are replaced whole.
 * Round trips: one read, then, unless nothing changes, one write statement. No BEGIN/COMMIT:
 * the write is a single atomic statement guarded by the version the read saw.
 */
export async function updateContact(db: Database, actor: Actor, input: UpdateContactInput): Promise<Contact> {
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
        throw new ConflictError(
          `The contact is at version ${current.version}, not the expected ${expectedVersion}: it changed since you read it`,
          { currentVersion: current.version },
        );
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

      if (IDENTITY_FIELDS.every((f) => next[f] === null)) {
        const cleared = IDENTITY_FIELDS.filter((f) => data[f] !== undefined);
        throw new ValidationError(
          (cleared.length ? cleared : ["firstName"]).map((f) => ({
            path: ["data", f],
            message: IDENTITY_REQUIRED_MESSAGE,
          })),
        );
      }

      const changes = diffContact(current, next);
      if (Object.keys(changes).length === 0) return current;

      const written = await writeContactUpdate(exec, {
        workspaceId: ws,
        contactId: id,
        readVersion: current.version,
        fields,
        history: { id: newId(), actorType: actor.type, actorId: actor.id, actorName: actor.name, changes },
      });
      if (!written) return STALE;
      return { ...next, version: written.version, updatedAt: written.updatedAt };
    },
  );
}
