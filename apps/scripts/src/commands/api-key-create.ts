import { createApiKey } from "@contacts/api";
import { API_KEY_SCOPES, ApiKeyName, ApiKeyScopes, WorkspaceSlug } from "@contacts/contracts";
import { z } from "zod";
import type { Command } from "../command";
import { withDatabase } from "../open-database";
import { parseCommandArgs, requireOption, validateArgs } from "../parse-command-args";
import { resolveWorkspace } from "../resolve-workspace";

const Args = z.object({
  name: ApiKeyName,
  workspace: WorkspaceSlug.optional(),
  scope: ApiKeyScopes.optional(),
});

export const apiKeyCreate: Command = {
  name: "api-key create",
  synopsis: "--name <name> [--workspace <slug>] [--scope <scope>]...",
  summary:
    "Create an API key. The key is printed once, alone on the last line of stdout; only its hash is stored.",
  details: [
    '  --name <name>       what the key is for, e.g. "salesforce sync"',
    "  --workspace <slug>  the workspace it acts in; optional when there is exactly one",
    "  --scope <scope>     what the key may do; repeat for more. Without any, full access.",
    `                      one of ${API_KEY_SCOPES.join(", ")}`,
  ].join("\n"),
  async run(args) {
    const { values } = parseCommandArgs({
      args,
      options: {
        name: { type: "string" },
        workspace: { type: "string" },
        scope: { type: "string", multiple: true },
      },
    });
    const input = validateArgs(
      Args,
      { name: requireOption(values.name, "--name <name>"), workspace: values.workspace, scope: values.scope },
      { name: "--name", workspace: "--workspace", scope: "--scope" },
    );
    const { workspace, created } = await withDatabase(async (db) => {
      const workspace = await resolveWorkspace(db, input.workspace);
      // An operator may grant any scope: the script works straight on the database.
      return { workspace, created: await createApiKey(db, workspace.id, input.name, input.scope ?? null) };
    });
    // On a line of its own: the two lines after it are what operators' tooling already reads.
    console.log(`Scopes: ${input.scope ? created.scopes.join(", ") : "full access (every scope)"}`);
    console.log(
      `Created API key ${created.id} ("${created.name}") for workspace ${workspace.slug}; it is shown once:`,
    );
    console.log(created.key);
  },
};
