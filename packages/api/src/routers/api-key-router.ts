import {
  ApiKeyList,
  CreateApiKeyRequest,
  CreatedApiKey,
  RevokeApiKeyInput,
  RevokedApiKey,
} from "@contacts/contracts";
import { createApiKeyAs, listApiKeys, revokeApiKey } from "../services/api-keys/api-keys";
import { protectedProcedure, router } from "../trpc";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Key management: people signed in to the web app, and keys holding api_keys:manage (which
 * can mint keys only with scopes they hold themselves: createApiKeyAs).
 */
const manageKeys = protectedProcedure.meta({ scope: "api_keys:manage" });

export const apiKeyRouter = router({
  create: manageKeys
    .input(CreateApiKeyRequest)
    .output(CreatedApiKey)
    .mutation(({ ctx, input }) => createApiKeyAs(ctx.db, ctx.actor, input)),

  list: manageKeys.output(ApiKeyList).query(async ({ ctx }) => {
    const rows = await listApiKeys(ctx.db, ctx.actor.workspaceId);
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        keyPrefix: r.keyPrefix,
        scopes: r.scopes,
        createdAt: r.createdAt.toISOString(),
        lastUsedAt: iso(r.lastUsedAt),
        revokedAt: iso(r.revokedAt),
      })),
    };
  }),

  revoke: manageKeys
    .input(RevokeApiKeyInput)
    .output(RevokedApiKey)
    .mutation(async ({ ctx, input }) => {
      await revokeApiKey(ctx.db, ctx.actor.workspaceId, input.id);
      return { id: input.id };
    }),
});
