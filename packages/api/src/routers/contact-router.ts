import {
  BatchUpdateInput,
  BatchUpdateOutput,
  ChangedContactsPage,
  ChangesInput,
  ChangesPage,
  Contact,
  ContactHistoryInput,
  ContactPage,
  CreateContactRequest,
  FindByExternalRefInput,
  GetContactInput,
  HistoryPage,
  ListContactsInput,
  UpdateContactInput,
  UpsertByExternalRefInput,
  UpsertByExternalRefOutput,
} from "@contacts/contracts";
import { listChangedContacts, listChanges } from "../services/changes/list-changes";
import { batchUpdateContacts } from "../services/contacts/batch-update-contacts";
import { createContact } from "../services/contacts/create-contact";
import {
  findContactByExternalRef,
  getContact,
  getContactHistory,
  listContacts,
} from "../services/contacts/read-contacts";
import { updateContact } from "../services/contacts/update-contact";
import { upsertContactByExternalRef } from "../services/contacts/upsert-contact-by-external-ref";
import { protectedProcedure, router } from "../trpc";

/** Thin procedures: the contract parses, a service does the work. Each declares its scope. */
export const contactRouter = router({
  get: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(GetContactInput)
    .output(Contact)
    .query(({ ctx, input }) => getContact(ctx.db, ctx.actor, input)),

  create: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(CreateContactRequest)
    .output(Contact)
    .mutation(({ ctx, input }) => createContact(ctx.db, ctx.actor, input)),

  update: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(UpdateContactInput)
    .output(Contact)
    .mutation(({ ctx, input }) => updateContact(ctx.db, ctx.actor, input)),

  list: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(ListContactsInput)
    .output(ContactPage)
    .query(({ ctx, input }) => listContacts(ctx.db, ctx.actor, input)),

  findByExternalRef: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(FindByExternalRefInput)
    .output(Contact)
    .query(({ ctx, input }) => findContactByExternalRef(ctx.db, ctx.actor, input)),

  history: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(ContactHistoryInput)
    .output(HistoryPage)
    .query(({ ctx, input }) => getContactHistory(ctx.db, ctx.actor, input)),

  changes: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(ChangesInput)
    .output(ChangesPage)
    .query(({ ctx, input }) => listChanges(ctx.db, ctx.actor, input)),

  changedContacts: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(ChangesInput)
    .output(ChangedContactsPage)
    .query(({ ctx, input }) => listChangedContacts(ctx.db, ctx.actor, input)),

  upsertByExternalRef: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(UpsertByExternalRefInput)
    .output(UpsertByExternalRefOutput)
    .mutation(({ ctx, input }) => upsertContactByExternalRef(ctx.db, ctx.actor, input)),

  batchUpdate: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(BatchUpdateInput)
    .output(BatchUpdateOutput)
    .mutation(({ ctx, input }) => batchUpdateContacts(ctx.db, ctx.actor, input)),
});
