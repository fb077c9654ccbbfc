import {
  ApiKeyList,
  CreateApiKeyRequest,
  CreatedApiKey,
  RevokeApiKeyInput,
  RevokedApiKey,
} from "@contacts/contracts";
import { ForbiddenError } from "../errors";
import { createApiKey, listApiKeys, revokeApiKey } from "../services/api-keys/api-keys";
import { protectedProcedure, router } from "../trpc";

/**
 * Key management is for people signed in to the web app. A key cannot mint or revoke keys:
 * a leaked key must not be able to keep itself alive or lock out the others.
 */
const userProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.type !== "user") {
    throw new ForbiddenError("SESSION_REQUIRED", "Only a signed-in user can manage API keys");
  }
  return next();
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const apiKeyRouter = router({
  create: userProcedure
    .input(CreateApiKeyRequest)
    .output(CreatedApiKey)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.actor.workspaceId, input.name)),

  list: userProcedure.output(ApiKeyList).query(async ({ ctx }) => {
    const rows = await listApiKeys(ctx.db, ctx.actor.workspaceId);
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        keyPrefix: r.keyPrefix,
        createdAt: r.createdAt.toISOString(),
        lastUsedAt: iso(r.lastUsedAt),
        revokedAt: iso(r.revokedAt),
      })),
    };
  }),

  revoke: userProcedure
    .input(RevokeApiKeyInput)
    .output(RevokedApiKey)
    .mutation(async ({ ctx, input }) => {
      await revokeApiKey(ctx.db, ctx.actor.workspaceId, input.id);
      return { id: input.id };
    }),
});
