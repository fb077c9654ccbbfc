import {
  BatchDeleteInput,
  BatchDeleteOutput,
  BatchUpdateInput,
  BatchUpdateOutput,
  BulkUpsertInput,
  BulkUpsertOutput,
  ChangedContactsPage,
  ChangesInput,
  ChangesPage,
  Contact,
  ContactCount,
  ContactHistoryInput,
  ContactPage,
  CountContactsInput,
  CreateContactRequest,
  DeleteContactInput,
  DeleteContactOutput,
  DuplicateCandidatesInput,
  DuplicateCandidatesPage,
  DuplicatesInput,
  DuplicatesOutput,
  EraseContactInput,
  EraseContactOutput,
  FindByExternalRefInput,
  GetContactInput,
  HistoryPage,
  ListContactsInput,
  MergeContactsInput,
  RestoreContactInput,
  UpdateContactInput,
  UpsertByExternalRefInput,
  UpsertByExternalRefOutput,
  WatchContactInput,
} from "@contacts/contracts";
import { listChangedContacts, listChanges } from "../services/changes/list-changes";
import { watchContact } from "../services/changes/watch-contact";
import { batchUpdateContacts } from "../services/contacts/batch-update-contacts";
import { bulkUpsertContacts } from "../services/contacts/bulk-upsert-contacts";
import { createContact } from "../services/contacts/create-contact";
import { batchDeleteContacts, deleteContact } from "../services/contacts/delete-contact";
import { eraseContact } from "../services/contacts/erase-contact";
import { findDuplicates, listDuplicateCandidates } from "../services/contacts/find-duplicates";
import { mergeContacts } from "../services/contacts/merge-contacts";
import {
  countContacts,
  findContactByExternalRef,
  getContact,
  getContactHistory,
  listContacts,
} from "../services/contacts/read-contacts";
import { restoreContact } from "../services/contacts/restore-contact";
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

  count: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(CountContactsInput)
    .output(ContactCount)
    .query(({ ctx, input }) => countContacts(ctx.db, ctx.actor, input)),

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

  watch: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(WatchContactInput)
    .subscription(({ ctx, input, signal }) => watchContact(ctx.db, ctx.actor, input, signal)),

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

  bulkUpsert: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(BulkUpsertInput)
    .output(BulkUpsertOutput)
    .mutation(({ ctx, input }) => bulkUpsertContacts(ctx.db, ctx.actor, input)),

  delete: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(DeleteContactInput)
    .output(DeleteContactOutput)
    .mutation(({ ctx, input }) => deleteContact(ctx.db, ctx.actor, input)),

  restore: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(RestoreContactInput)
    .output(Contact)
    .mutation(({ ctx, input }) => restoreContact(ctx.db, ctx.actor, input)),

  batchDelete: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(BatchDeleteInput)
    .output(BatchDeleteOutput)
    .mutation(({ ctx, input }) => batchDeleteContacts(ctx.db, ctx.actor, input)),

  // Any signed-in user or API key of the workspace for now; when roles and key scopes land,
  // erase is for workspace admins and keys with full access (docs/decisions.md).
  erase: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(EraseContactInput)
    .output(EraseContactOutput)
    .mutation(({ ctx, input }) => eraseContact(ctx.db, ctx.actor, input)),

  merge: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(MergeContactsInput)
    .output(Contact)
    .mutation(({ ctx, input }) => mergeContacts(ctx.db, ctx.actor, input)),

  duplicates: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(DuplicatesInput)
    .output(DuplicatesOutput)
    .query(({ ctx, input }) => findDuplicates(ctx.db, ctx.actor, input)),

  duplicateCandidates: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(DuplicateCandidatesInput)
    .output(DuplicateCandidatesPage)
    .query(({ ctx, input }) => listDuplicateCandidates(ctx.db, ctx.actor, input)),
});
