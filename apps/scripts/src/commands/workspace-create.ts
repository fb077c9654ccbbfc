import { ConflictError, createWorkspace } from "@contacts/api";
import { CreateWorkspaceRequest } from "@contacts/contracts";
import { PG_UNIQUE_VIOLATION, pgErrorOf } from "@contacts/db";
import type { Command } from "../command";
import { CommandError } from "../command-error";
import { withDatabase } from "../open-database";
import { parseCommandArgs, requireOption, validateArgs } from "../parse-command-args";

export const workspaceCreate: Command = {
  name: "workspace create",
  synopsis: "--slug <slug> --name <name>",
  summary: "Create a workspace.",
  details: [
    "  --slug <slug>  2–63 chars of a-z, 0-9 and '-', starting with a letter or digit; unique",
    "  --name <name>  its display name",
  ].join("\n"),
  async run(args) {
    const { values } = parseCommandArgs({
      args,
      options: { slug: { type: "string" }, name: { type: "string" } },
    });
    const input = validateArgs(
      CreateWorkspaceRequest,
      {
        slug: requireOption(values.slug, "--slug <slug>"),
        name: requireOption(values.name, "--name <name>"),
      },
      { slug: "--slug", name: "--name" },
    );
    const workspace = await withDatabase(async (db) => {
      try {
        return await createWorkspace(db, input);
      } catch (err) {
        // createWorkspace checks before it inserts; a concurrent create of the same slug
        // reaches the unique index instead.
        if (err instanceof ConflictError || pgErrorOf(err)?.code === PG_UNIQUE_VIOLATION) {
          throw new CommandError(`A workspace with slug "${input.slug}" already exists.`);
        }
        throw err;
      }
    });
    console.log(`Created workspace "${workspace.name}" with slug ${workspace.slug} and id ${workspace.id}`);
  },
};
