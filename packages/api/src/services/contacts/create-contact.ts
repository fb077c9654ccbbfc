import type { Contact, CreateContactRequest } from "@contacts/contracts";
import {
  type ContactRecord,
  type ContactWriteFields,
  type Database,
  insertContact,
  newId,
  readContactForWrite,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { assertRefsFree, resolveConnections } from "./check-references";
import { diffContact } from "./diff-contact";
import { withWriteRetry } from "./write-retry";

const EMPTY: Omit<ContactRecord, "id" | "version" | "createdAt" | "updatedAt"> = {
  firstName: null,
  lastName: null,
  email: null,
  phone: null,
  linkedInUrl: null,
  primaryLanguage: null,
  profilePictureId: null,
  strategy: null,
  blocked: null,
  tags: [],
  connections: [],
  externalRefs: [],
};

/**
 * contact.create: the same rules as update. Two round trips (a read of the companies and
 * refs it names, one insert statement); its history starts with every field it set.
 */
export async function createContact(
  db: Database,
  actor: Actor,
  data: CreateContactRequest,
  pathPrefix: (string | number)[] = [],
): Promise<Contact> {
  const ws = actor.workspaceId;
  const id = newId();
  return withWriteRetry(db, null, async (exec) => {
    const read = await readContactForWrite(exec, {
      workspaceId: ws,
      contactId: id,
      companyIds: data.connections?.map((c) => c.company.id) ?? [],
      externalRefs: data.externalRefs ?? [],
    });
    const connections = resolveConnections(data.connections ?? [], read, pathPrefix);
    assertRefsFree(read);
    const values = {
      ...EMPTY,
      ...Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined && v !== null)),
      connections,
    } as typeof EMPTY;
    const fields: ContactWriteFields = {
      ...values,
      connections: connections.map((c) => ({
        companyId: c.company.id,
        jobTitle: c.jobTitle,
        primary: c.primary,
      })),
    };
    const { createdAt } = await insertContact(exec, {
      workspaceId: ws,
      contactId: id,
      fields,
      history: {
        actorType: actor.type,
        actorId: actor.id,
        actorName: actor.name,
        changes: diffContact(EMPTY, values),
      },
    });
    return { id, ...values, version: 1, createdAt, updatedAt: createdAt };
  });
}
