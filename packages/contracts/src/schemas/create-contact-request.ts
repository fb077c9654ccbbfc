import { z } from "zod";
import { contactFieldSchemas, IDENTITY_FIELDS, IDENTITY_REQUIRED_MESSAGE } from "./contact-fields";

/** CreateContactRequest: the same fields and rules as an update; at least one identity field. */
export const CreateContactRequest = z
  .strictObject(contactFieldSchemas)
  .partial()
  .superRefine((data, ctx) => {
    if (IDENTITY_FIELDS.every((field) => data[field] == null)) {
      ctx.addIssue({ code: "custom", path: ["firstName"], message: IDENTITY_REQUIRED_MESSAGE });
    }
  });
export type CreateContactRequest = z.output<typeof CreateContactRequest>;
export type CreateContactRequestInput = z.input<typeof CreateContactRequest>;
