import { z } from "zod";
import { contactFieldSchemas } from "./contact-fields";
import { hasIdentity, IDENTITY_REQUIRED, identityIssues } from "./identity-rule";

/** CreateContactRequest: the same fields and rules as an update; at least one identity field. */
export const CreateContactRequest = z
  .strictObject(contactFieldSchemas)
  .partial()
  .superRefine((data, ctx) => {
    if (!hasIdentity(data)) {
      for (const issue of identityIssues()) {
        ctx.addIssue({ code: "custom", ...issue, params: { reason: IDENTITY_REQUIRED } });
      }
    }
  });
export type CreateContactRequest = z.output<typeof CreateContactRequest>;
export type CreateContactRequestInput = z.input<typeof CreateContactRequest>;
