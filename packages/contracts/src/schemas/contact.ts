import { z } from "zod";
import { Id } from "../fields/id";
import { contactFieldOutputs, contactFieldSchemas } from "./contact-fields";
import { Namespace } from "./external-ref";
import { pageOf } from "./pagination";

export const ContactConnection = contactFieldOutputs.connections.element;
export type ContactConnection = z.infer<typeof ContactConnection>;

/** The output shape of every contact procedure (docs/api.md §3). Lists are never null. */
export const Contact = z.object({
  id: z.string(),
  ...contactFieldOutputs,
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Only when `get` was asked for a contact merged into this one: the id asked for. */
  redirectedFrom: z.string().optional(),
  /** Only in the bin (`list({ deleted: true })`): when the contact was deleted. */
  deletedAt: z.iso.datetime().optional(),
});
export type Contact = z.infer<typeof Contact>;

export const ContactPage = pageOf(Contact);
export type ContactPage = z.infer<typeof ContactPage>;

export const GetContactInput = z.strictObject({ id: Id });
export type GetContactInput = z.output<typeof GetContactInput>;

export const FindByExternalRefInput = z.strictObject({
  namespace: Namespace,
  id: contactFieldSchemas.externalRefs.unwrap().element.shape.id,
});
export type FindByExternalRefInput = z.output<typeof FindByExternalRefInput>;
