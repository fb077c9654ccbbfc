/**
 * What a change did to a contact, as plain data (the webhook form's checkboxes load it without
 * zod; the schema is ChangeType in change-feed.ts). The feed and webhooks name changes alike;
 * the lifecycle (delete, restore, merge, erase) adds its own types here.
 */
export const CHANGE_TYPES = [
  "contact.created",
  "contact.updated",
  // Moved to the bin; restored from it (docs/api.md §6.9).
  "contact.deleted",
  "contact.restored",
  // On the contact merged away; its survivor gets a contact.updated with what it gained.
  "contact.merged",
  // Personal data erased for good; the contact's earlier entries are redacted.
  "contact.erased",
] as const;

/** The events a webhook can subscribe to: the change feed's change types, one name for each. */
export const WEBHOOK_EVENTS = CHANGE_TYPES;
