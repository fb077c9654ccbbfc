import type { ListTagsInput, TagList } from "@contacts/contracts";
import { type Executor, listTagCounts } from "@contacts/db";
import type { Actor } from "../../actor";

/** tag.list: the workspace's tags with their contact counts, most used first. */
export async function listTags(db: Executor, actor: Actor, input: ListTagsInput): Promise<TagList> {
  const items = await listTagCounts(db, {
    workspaceId: actor.workspaceId,
    prefix: input.prefix,
    limit: input.limit,
  });
  return { items };
}
