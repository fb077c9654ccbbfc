import {
  type Contact,
  type ContactFieldValues,
  type CreateContactRequest,
  emptyContactFields,
} from "@contacts/contracts";
import { type Executor, insertContact, newId, readContactForWrite } from "@contacts/db";
import type { Actor } from "../../actor";
import { assertRefsFree, connectionWrites, resolveConnections } from "./check-references";
import { diffContact } from "./diff-contact";
import { withIdentityRule } from "./identity-rule";
import { withWriteRetry } from "./write-retry";

/**
 * contact.create: the same rules as update. Two round trips (a read of the companies and
 * refs it names, one insert statement); its history starts with every field it set. Issue
 * paths are relative to `data` (upsert puts them under `["data"]`).
 */
export async function createContact(
  db: Executor,
  actor: Actor,
  data: CreateContactRequest,
): Promise<Contact> {
  const ws = actor.workspaceId;
  const id = newId();
  return withIdentityRule([], () =>
    withWriteRetry(db, null, async (exec) => {
      const read = await readContactForWrite(exec, {
        workspaceId: ws,
        contactId: id,
        companyIds: data.connections?.map((c) => c.company.id) ?? [],
        externalRefs: data.externalRefs ?? [],
      });
      const connections = resolveConnections(data.connections ?? [], read);
      assertRefsFree(read);
      const empty = emptyContactFields();
      const given = Object.entries(data).filter(([, v]) => v !== undefined && v !== null);
      const values: ContactFieldValues = { ...empty, ...Object.fromEntries(given), connections };
      const { createdAt } = await insertContact(exec, {
        workspaceId: ws,
        contactId: id,
        fields: { ...values, connections: connectionWrites(connections) },
        history: {
          actorType: actor.type,
          actorId: actor.id,
          actorName: actor.name,
          changes: diffContact(empty, values),
        },
      });
      return { id, ...values, version: 1, createdAt, updatedAt: createdAt };
    }),
  );
}
