import {
  CreateWebhookRequest,
  ListWebhookDeliveriesInput,
  RedeliverWebhookInput,
  UpdateWebhookRequest,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointWithSecret,
  WebhookIdInput,
} from "@contacts/contracts";
import { z } from "zod";
import { listWebhookDeliveries, redeliverWebhook } from "../services/webhooks/webhook-deliveries";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from "../services/webhooks/webhook-endpoints";
import { protectedProcedure, router } from "../trpc";

/**
 * Webhook endpoints and their deliveries. Any member of the workspace may manage them, signed
 * in or with an API key, until roles and key scopes narrow it (docs/decisions.md, "Webhooks").
 */
export const webhookRouter = router({
  create: protectedProcedure
    .meta({ scope: "webhooks:manage" })
    .input(CreateWebhookRequest)
    .output(WebhookEndpointWithSecret)
    .mutation(({ ctx, input }) => createWebhookEndpoint(ctx.db, ctx.actor, input)),

  list: protectedProcedure
    .meta({ scope: "webhooks:manage" })
    .output(WebhookEndpointList)
    .query(({ ctx }) => listWebhookEndpoints(ctx.db, ctx.actor)),

  get: protectedProcedure
    .meta({ scope: "webhooks:manage" })
    .input(WebhookIdInput)
    .output(WebhookEndpoint)
    .query(({ ctx, input }) => getWebhookEndpoint(ctx.db, ctx.actor, input)),

  update: protectedProcedure
    .meta({ scope: "webhooks:manage" })
    .input(UpdateWebhookRequest)
    .output(WebhookEndpoint)
    .mutation(({ ctx, input }) => updateWebhookEndpoint(ctx.db, ctx.actor, input)),

  delete: protectedProcedure
    .meta({ scope: "webhooks:manage" })
    .input(WebhookIdInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx.db, ctx.actor, input)),

  enable: protectedProcedure
    .meta({ scope: "webhooks:manage" })
    .input(WebhookIdInput)
    .output(WebhookEndpoint)
    .mutation(({ ctx, input }) => enableWebhookEndpoint(ctx.db, ctx.actor, input)),

  disable: protectedProcedure
    .meta({ scope: "webhooks:manage" })
    .input(WebhookIdInput)
    .output(WebhookEndpoint)
    .mutation(({ ctx, input }) => disableWebhookEndpoint(ctx.db, ctx.actor, input)),

  rotateSecret: protectedProcedure
    .meta({ scope: "webhooks:manage" })
    .input(WebhookIdInput)
    .output(WebhookEndpointWithSecret)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.db, ctx.actor, input)),

  deliveries: protectedProcedure
    .meta({ scope: "webhooks:manage" })
    .input(ListWebhookDeliveriesInput)
    .output(WebhookDeliveryPage)
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.db, ctx.actor, input)),

  redeliver: protectedProcedure
    .meta({ scope: "webhooks:manage" })
    .input(RedeliverWebhookInput)
    .output(WebhookDelivery)
    .mutation(({ ctx, input }) => redeliverWebhook(ctx.db, ctx.actor, input)),
});
