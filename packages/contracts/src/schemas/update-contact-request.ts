import { z } from "zod";
import { Id } from "../fields/id";
import { contactFieldSchemas } from "./contact-fields";

/**
 * UpdateContactRequest (the seed): omitted fields stay, null clears, lists are replaced whole,
 * unknown keys are rejected.
 */
export const UpdateContactRequest = z.strictObject(contactFieldSchemas).partial();
export type UpdateContactRequest = z.output<typeof UpdateContactRequest>;
export type UpdateContactRequestInput = z.input<typeof UpdateContactRequest>;

export const ExpectedVersion = z.int("Must be a whole number").min(1, "Versions start at 1");

/** Input of `contact.update`. */
export const UpdateContactInput = z.strictObject({
  id: Id,
  data: UpdateContactRequest,
  expectedVersion: ExpectedVersion.optional(),
});
export type UpdateContactInput = z.output<typeof UpdateContactInput>;
