import { z } from "zod";
import { Id } from "../fields/id";
import { ChangeEntry, ChangeType } from "./change-feed";
import { WEBHOOK_EVENTS } from "./change-types";
import { IdCursor, pageOf } from "./pagination";

/** The most endpoints one workspace may register (docs/decisions.md, "Webhooks"). */
export const WEBHOOK_ENDPOINTS_MAX = 20;
/** The longest receiver URL accepted: far above real ones, small enough to log and show. */
export const WEBHOOK_URL_MAX = 2000;
export const WEBHOOK_DESCRIPTION_MAX = 500;

export const WebhookEvent = ChangeType;
export type WebhookEvent = ChangeType;

/**
 * Where deliveries are POSTed: an absolute http(s) URL without credentials. Whether its host
 * is a public address is checked by the server when it is registered and again at every
 * delivery (SSRF, docs/security.md), since only the server can resolve it.
 */
export const WebhookUrl = z
  .string()
  .trim()
  .max(WEBHOOK_URL_MAX, `At most ${WEBHOOK_URL_MAX} characters`)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Must be an absolute URL, e.g. https://example.com/webhooks" });
      return;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      ctx.addIssue({ code: "custom", message: "Must be an http or https URL" });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: "Must not carry a user name or password" });
    }
  });

/** At least one event, each at most once (repeats are dropped, first order kept). */
export const WebhookEvents = z
  .array(WebhookEvent)
  .min(1, "Subscribe to at least one event")
  .max(WEBHOOK_EVENTS.length * 4, "Too many events")
  .transform((events) => [...new Set(events)]);

const Description = z
  .string()
  .trim()
  .max(WEBHOOK_DESCRIPTION_MAX, `At most ${WEBHOOK_DESCRIPTION_MAX} characters`)
  .transform((v) => (v === "" ? null : v))
  .nullish();

export const CreateWebhookRequest = z.strictObject({
  url: WebhookUrl,
  events: WebhookEvents,
  description: Description,
});
export type CreateWebhookRequest = z.output<typeof CreateWebhookRequest>;

/** webhook.update: what is given changes; `description: null` clears it. */
export const UpdateWebhookRequest = z.strictObject({
  id: Id,
  url: WebhookUrl.optional(),
  events: WebhookEvents.optional(),
  description: Description,
});
export type UpdateWebhookRequest = z.output<typeof UpdateWebhookRequest>;

export const WebhookIdInput = z.strictObject({ id: Id });
export type WebhookIdInput = z.output<typeof WebhookIdInput>;

/** An endpoint as listed: never its secret. */
export const WebhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(WebhookEvent),
  /** False once disabled, by a user or after its deliveries kept failing (see `disabledReason`). */
  enabled: z.boolean(),
  disabledAt: z.iso.datetime().nullable(),
  disabledReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookEndpointList = z.object({ items: z.array(WebhookEndpoint) });
export type WebhookEndpointList = z.infer<typeof WebhookEndpointList>;

/**
 * webhook.create and webhook.rotateSecret: the only time the signing secret is shown,
 * `whsec_<base64>` as the Standard Webhooks libraries take it.
 */
export const WebhookEndpointWithSecret = z.object({ endpoint: WebhookEndpoint, secret: z.string() });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export const WebhookDeliveryStatus = z.enum(WEBHOOK_DELIVERY_STATUSES);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

/** One change sent (or to be sent) to one endpoint, with how its attempts went. */
export const WebhookDelivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  /** The change's id: the `webhook-id` header, the same on every attempt. */
  changeId: z.string(),
  contactId: z.string(),
  type: WebhookEvent,
  status: WebhookDeliveryStatus,
  attempts: z.int(),
  /** The HTTP status of the last attempt, null when it got no answer (timeout, refused). */
  lastStatusCode: z.int().nullable(),
  /** Why the last attempt failed, in a few words (never the receiver's whole answer). */
  lastError: z.string().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  /** When the next attempt is due; null once delivered or failed. */
  nextAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WEBHOOK_DELIVERIES_LIMIT_MAX = 100;

/** webhook.deliveries: an endpoint's deliveries, newest first. */
export const ListWebhookDeliveriesInput = z.strictObject({
  endpointId: Id,
  status: WebhookDeliveryStatus.optional(),
  limit: z
    .int("Must be a whole number")
    .min(1, "At least 1")
    .max(WEBHOOK_DELIVERIES_LIMIT_MAX, `At most ${WEBHOOK_DELIVERIES_LIMIT_MAX}`)
    .default(20),
  cursor: IdCursor,
});
export type ListWebhookDeliveriesInput = z.output<typeof ListWebhookDeliveriesInput>;

export const WebhookDeliveryPage = pageOf(WebhookDelivery);
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPage>;

export const RedeliverWebhookInput = z.strictObject({ deliveryId: Id });
export type RedeliverWebhookInput = z.output<typeof RedeliverWebhookInput>;

/**
 * The body of every webhook POST, in the Standard Webhooks shape: the event type, when the
 * attempt was made, and the change exactly as `contact.changes` lists it.
 */
export const WebhookPayload = z.object({
  type: WebhookEvent,
  timestamp: z.iso.datetime(),
  data: ChangeEntry,
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
