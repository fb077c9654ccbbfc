import { ListTagsInput, MergeTagsInput, RenameTagInput, RetagOutput, TagList } from "@contacts/contracts";
import { listTags } from "../services/tags/list-tags";
import { mergeTags, renameTag } from "../services/tags/retag-contacts";
import { protectedProcedure, router } from "../trpc";

/**
 * The workspace's tag vocabulary. Tags live on contacts, so reading them is reading contacts
 * and renaming or merging them is writing contacts (each changed contact gets a new version
 * and a history entry): the contacts scopes, not scopes of their own.
 */
export const tagRouter = router({
  list: protectedProcedure
    .meta({ scope: "contacts:read" })
    .input(ListTagsInput)
    .output(TagList)
    .query(({ ctx, input }) => listTags(ctx.db, ctx.actor, input)),

  rename: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(RenameTagInput)
    .output(RetagOutput)
    .mutation(({ ctx, input }) => renameTag(ctx.db, ctx.actor, input)),

  merge: protectedProcedure
    .meta({ scope: "contacts:write" })
    .input(MergeTagsInput)
    .output(RetagOutput)
    .mutation(({ ctx, input }) => mergeTags(ctx.db, ctx.actor, input)),
});
