import { listApiKeys } from "@contacts/api";
import { WorkspaceSlug } from "@contacts/contracts";
import { z } from "zod";
import type { Command } from "../command";
import { formatTable, formatTime } from "../format-table";
import { withDatabase } from "../open-database";
import { parseCommandArgs, validateArgs } from "../parse-command-args";
import { resolveWorkspace } from "../resolve-workspace";

const Args = z.object({ workspace: WorkspaceSlug.optional() });

export const apiKeyList: Command = {
  name: "api-key list",
  synopsis: "[--workspace <slug>]",
  summary:
    "List a workspace's API keys, newest first. Keys themselves are never shown (only hashes are stored).",
  details: "  --workspace <slug>  optional when there is exactly one workspace",
  async run(args) {
    const { values } = parseCommandArgs({ args, options: { workspace: { type: "string" } } });
    const input = validateArgs(Args, { workspace: values.workspace }, { workspace: "--workspace" });
    const { workspace, keys } = await withDatabase(async (db) => {
      const workspace = await resolveWorkspace(db, input.workspace);
      return { workspace, keys: await listApiKeys(db, workspace.id) };
    });
    if (keys.length === 0) {
      console.log(`Workspace ${workspace.slug} has no API keys.`);
      return;
    }
    console.log(`API keys of workspace ${workspace.slug}:`);
    console.log(
      formatTable(
        ["ID", "NAME", "PREFIX", "CREATED", "LAST USED", "REVOKED", "SCOPES"],
        keys.map((k) => [
          k.id,
          k.name,
          k.keyPrefix,
          formatTime(k.createdAt),
          formatTime(k.lastUsedAt),
          formatTime(k.revokedAt),
          k.scopes.join(","),
        ]),
      ),
    );
  },
};
