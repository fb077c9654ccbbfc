import { type SQL, sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { contactNameKeyOf } from "./contact-name-key";
import { workspaces } from "./workspaces";

/**
 * The identity rule of docs/api.md §4.1 (one of first name, last name, email), held by the
 * database for every write; its violation is answered as the contract's validation error.
 */
export const CONTACTS_IDENTITY_CHECK = "contacts_identity_check";

export const contacts = pgTable(
  "contacts",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    // The contact's own fields, named as on the wire: every column from here to `blocked`
    // is a scalar field that reads and writes pick up (queries/contacts/contact-columns.ts).
    firstName: text("first_name"),
    lastName: text("last_name"),
    email: text("email"),
    phone: text("phone"),
    linkedInUrl: text("linkedin_url"),
    primaryLanguage: text("primary_language"),
    profilePictureId: integer("profile_picture_id"),
    strategy: text("strategy"),
    blocked: boolean("blocked"),
    /** Tags in the order last written, spelled as written. */
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** The same tags lower-cased, for the case-insensitive `tags` filter. */
    tagKeys: text("tag_keys").array().notNull().default(sql`'{}'::text[]`),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /**
     * Set while the contact is in the bin (or merged, or erased): every read and write but
     * `contact.history`, `contact.restore` and the feed treats it as absent.
     */
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    /** The survivor a merge folded this contact into; `get` of this id answers the survivor. */
    mergedInto: text("merged_into"),
    /**
     * The external references the contact held when deleted, in order: freed for other
     * contacts while it is in the bin, put back by a restore.
     */
    deletedRefs: jsonb("deleted_refs"),
    /** Set when the contact's personal data was erased: a tombstone row, for good. */
    erasedAt: timestamp("erased_at", { withTimezone: true, mode: "date" }),
    /** What `search` matches: names and email, lower-cased. */
    searchText: text("search_text").generatedAlwaysAs(
      (): SQL =>
        sql`lower(coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, '') || ' ' || coalesce(${contacts.email}, ''))`,
    ),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // An erased contact is a tombstone without personal data, so it keeps no name or email.
    check(
      CONTACTS_IDENTITY_CHECK,
      sql`${t.erasedAt} is not null or coalesce(${t.firstName}, ${t.lastName}, ${t.email}) is not null`,
    ),
    index("contacts_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    // Search terms of 1–2 characters, which have no trigram: every 1- and 2-character
    // substring of search_text (the function is created by migration 0003).
    index("contacts_search_grams_idx").using("gin", sql`contact_search_grams(${t.searchText})`),
    // A rare phone number among many contacts (search by digits, contact-list-filter.ts).
    index("contacts_phone_trgm_idx").using("gin", sql`${t.phone} gin_trgm_ops`),
    index("contacts_tag_keys_idx").using("gin", t.tagKeys),
    index("contacts_workspace_email_idx").on(t.workspaceId, t.email),
    // The bin: newest deletion first (merged and erased contacts are not in it).
    index("contacts_bin_idx")
      .on(t.workspaceId, t.deletedAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is not null and ${t.mergedInto} is null and ${t.erasedAt} is null`),
    // Duplicate rules (contact.duplicates): the same phone; the same first and last name.
    index("contacts_workspace_phone_idx").on(t.workspaceId, t.phone).where(sql`${t.phone} is not null`),
    index("contacts_workspace_name_idx")
      .on(t.workspaceId, sql`lower(${t.firstName})`, sql`lower(${t.lastName})`)
      .where(sql`${t.firstName} is not null and ${t.lastName} is not null`),
    // contact.list's sorts by name and by updated (docs/decisions.md): the first page of a
    // big workspace is an index walk instead of a sort of every contact.
    index("contacts_list_name_idx")
      .on(t.workspaceId, contactNameKeyOf("first_name", "last_name", "email"), t.id)
      .where(sql`${t.deletedAt} is null`),
    index("contacts_list_updated_idx")
      .on(t.workspaceId, t.updatedAt, t.id)
      .where(sql`${t.deletedAt} is null`),
    // Merges point every contact merged into the one now merged at its survivor.
    index("contacts_merged_into_idx").on(t.workspaceId, t.mergedInto).where(sql`${t.mergedInto} is not null`),
  ],
);

/** A contact's company connections (employments), in the order last written. */
export const contactConnections = pgTable(
  "contact_connections",
  {
    workspaceId: text("workspace_id").notNull(),
    contactId: text("contact_id").notNull(),
    companyId: text("company_id").notNull(),
    position: integer("position").notNull(),
    jobTitle: text("job_title"),
    isPrimary: boolean("is_primary").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.contactId, t.companyId] }),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
      name: "contact_connections_contact_fk",
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.workspaceId, t.companyId],
      foreignColumns: [companies.workspaceId, companies.id],
      name: "contact_connections_company_fk",
    }),
    // The database's own guard for "exactly one primary" (the contract checks the rest).
    uniqueIndex("contact_connections_one_primary_idx")
      .on(t.workspaceId, t.contactId)
      .where(sql`${t.isPrimary}`),
    // contact.list({ companyId }).
    index("contact_connections_company_idx").on(t.workspaceId, t.companyId),
    // A company's primary contacts, from the index alone: the company sort walks companies in
    // name order and takes theirs; a search matching company names collects theirs.
    index("contact_connections_company_primary_idx")
      .on(t.workspaceId, t.companyId, t.contactId)
      .where(sql`${t.isPrimary}`),
  ],
);

/** References to a contact in other systems: a (namespace, id) pair names one contact. */
export const contactExternalRefs = pgTable(
  "contact_external_refs",
  {
    workspaceId: text("workspace_id").notNull(),
    namespace: text("namespace").notNull(),
    externalId: text("external_id").notNull(),
    contactId: text("contact_id").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({
      name: "contact_external_refs_pair_pk",
      columns: [t.workspaceId, t.namespace, t.externalId],
    }),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
      name: "contact_external_refs_contact_fk",
    }).onDelete("cascade"),
    index("contact_external_refs_contact_idx").on(t.workspaceId, t.contactId),
  ],
);

/**
 * One row per effective write: who, when, and `{ from, to }` for each changed field. It is
 * also the change feed's outbox: written in the same statement as the contact, it gets its
 * feed position (`seq`) after it committed (queries/changes/sequence-changes.ts).
 */
export const contactHistory = pgTable(
  "contact_history",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    contactId: text("contact_id").notNull(),
    /** The contact's version this write produced. */
    version: integer("version").notNull(),
    /** The change feed's type of the write (`contact.created`, `contact.updated`, ...). */
    type: text("type").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    changes: jsonb("changes").notNull(),
    /** The position in the workspace's change feed; null until sequenced after commit. */
    seq: bigint("seq", { mode: "bigint" }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
      name: "contact_history_contact_fk",
    }).onDelete("cascade"),
    index("contact_history_contact_idx").on(t.workspaceId, t.contactId, t.id.desc()),
    uniqueIndex("contact_history_feed_idx").on(t.workspaceId, t.seq).where(sql`${t.seq} is not null`),
    index("contact_history_unsequenced_idx").on(t.workspaceId).where(sql`${t.seq} is null`),
  ],
);

/**
 * The last feed position given out in each workspace. Its row is the sequencer's lock: one
 * sequencer per workspace at a time, so positions follow the order writes were seen committed.
 */
export const changeFeedHeads = pgTable("change_feed_heads", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  lastSeq: bigint("last_seq", { mode: "bigint" }).notNull().default(sql`0`),
});
