import { createApiKey } from "@contacts/api";
import { ApiKeyName, WorkspaceSlug } from "@contacts/contracts";
import { z } from "zod";
import type { Command } from "../command";
import { withDatabase } from "../open-database";
import { parseCommandArgs, requireOption, validateArgs } from "../parse-command-args";
import { resolveWorkspace } from "../resolve-workspace";

const Args = z.object({ name: ApiKeyName, workspace: WorkspaceSlug.optional() });

export const apiKeyCreate: Command = {
  name: "api-key create",
  synopsis: "--name <name> [--workspace <slug>]",
  summary:
    "Create an API key. The key is printed once, alone on the last line of stdout; only its hash is stored.",
  details: [
    '  --name <name>       what the key is for, e.g. "salesforce sync"',
    "  --workspace <slug>  the workspace it acts in; optional when there is exactly one",
  ].join("\n"),
  async run(args) {
    const { values } = parseCommandArgs({
      args,
      options: { name: { type: "string" }, workspace: { type: "string" } },
    });
    const input = validateArgs(
      Args,
      { name: requireOption(values.name, "--name <name>"), workspace: values.workspace },
      { name: "--name", workspace: "--workspace" },
    );
    const { workspace, created } = await withDatabase(async (db) => {
      const workspace = await resolveWorkspace(db, input.workspace);
      return { workspace, created: await createApiKey(db, workspace.id, input.name) };
    });
    console.log(
      `Created API key ${created.id} ("${created.name}") for workspace ${workspace.slug}; it is shown once:`,
    );
    console.log(created.key);
  },
};
