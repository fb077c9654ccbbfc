import { z } from "zod";
import { Contact } from "./contact";
import { ExternalId, Namespace } from "./external-ref";
import { UpdateContactRequest } from "./update-contact-request";

/**
 * `contact.upsertByExternalRef`: update the contact holding (namespace, id), or create one
 * carrying it. `data` follows update rules (omitted stays, null clears); a create also needs
 * one of firstName, lastName, email. The reference is always kept: a `data.externalRefs`
 * list without it gets it appended.
 */
export const UpsertByExternalRefInput = z.strictObject({
  namespace: Namespace,
  id: ExternalId,
  data: UpdateContactRequest,
});
export type UpsertByExternalRefInput = z.output<typeof UpsertByExternalRefInput>;
export type UpsertByExternalRefInputRaw = z.input<typeof UpsertByExternalRefInput>;

export const UpsertOutcome = z.enum(["created", "updated", "unchanged"]);
export type UpsertOutcome = z.infer<typeof UpsertOutcome>;

export const UpsertByExternalRefOutput = z.object({ outcome: UpsertOutcome, contact: Contact });
export type UpsertByExternalRefOutput = z.infer<typeof UpsertByExternalRefOutput>;
