import { NotFoundError, revokeApiKey } from "@contacts/api";
import { Id, WorkspaceSlug } from "@contacts/contracts";
import { z } from "zod";
import type { Command } from "../command";
import { CommandError } from "../command-error";
import { withDatabase } from "../open-database";
import { parseCommandArgs, validateArgs } from "../parse-command-args";
import { resolveWorkspace } from "../resolve-workspace";
import { UsageError } from "../usage-error";

const Args = z.object({ id: Id, workspace: WorkspaceSlug.optional() });

export const apiKeyRevoke: Command = {
  name: "api-key revoke",
  synopsis: "<id> [--workspace <slug>]",
  summary: "Revoke an API key: it stops authenticating at once. Revoking cannot be undone.",
  details: [
    "  <id>                the key's id, as `api-key list` shows it",
    "  --workspace <slug>  optional when there is exactly one workspace",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args,
      options: { workspace: { type: "string" } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? "Missing <id>" : "Expected one <id>");
    }
    const input = validateArgs(
      Args,
      { id: positionals[0], workspace: values.workspace },
      { id: "<id>", workspace: "--workspace" },
    );
    const workspace = await withDatabase(async (db) => {
      const workspace = await resolveWorkspace(db, input.workspace);
      try {
        await revokeApiKey(db, workspace.id, input.id);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        throw new CommandError(
          `Workspace ${workspace.slug} has no live API key ${input.id} (unknown, or already revoked).`,
        );
      }
      return workspace;
    });
    console.log(`Revoked API key ${input.id} of workspace ${workspace.slug}.`);
  },
};
