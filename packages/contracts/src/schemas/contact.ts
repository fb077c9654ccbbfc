import { z } from "zod";
import { Id } from "../fields/id";
import { contactFieldSchemas } from "./contact-fields";
import { Namespace } from "./external-ref";
import { pageOf } from "./pagination";

export const ContactConnection = z.object({
  company: z.object({ id: z.string(), name: z.string() }),
  jobTitle: z.string().nullable(),
  primary: z.boolean(),
});
export type ContactConnection = z.infer<typeof ContactConnection>;

/** The output shape of every contact procedure (CONTRACT §3). Lists are never null. */
export const Contact = z.object({
  id: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  linkedInUrl: z.string().nullable(),
  primaryLanguage: z.string().nullable(),
  profilePictureId: z.number().int().nullable(),
  strategy: z.string().nullable(),
  blocked: z.boolean().nullable(),
  tags: z.array(z.string()),
  connections: z.array(ContactConnection),
  externalRefs: z.array(z.object({ namespace: z.string(), id: z.string() })),
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
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
