import { ConflictError, createUser } from "@contacts/api";
import { CreateUserRequest, ROLES, WorkspaceSlug } from "@contacts/contracts";
import { PG_UNIQUE_VIOLATION, pgErrorOf } from "@contacts/db";
import type { Command } from "../command";
import { CommandError } from "../command-error";
import { withDatabase } from "../open-database";
import { parseCommandArgs, requireOption, validateArgs } from "../parse-command-args";
import { resolveWorkspace } from "../resolve-workspace";
import { UsageError } from "../usage-error";

const Args = CreateUserRequest.extend({ workspace: WorkspaceSlug.optional() });

/** The first line of standard input: `printf '%s' "$PW" | pnpm scripts user create …`. */
async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (then Enter and Ctrl-D): ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

export const userCreate: Command = {
  name: "user create",
  synopsis: "--email <email> --password-stdin [--name <name>] [--role <role>] [--workspace <slug>]",
  summary:
    "Create a user who signs in to the web app with email and password. The password is read from standard input, never from the command line (where `ps` and shell history would show it).",
  details: [
    "  --email <email>     what they sign in with; unique across workspaces",
    "  --password-stdin    read the password (8–128 chars) from the first line of stdin",
    "  --name <name>       their display name in the app and in contact history; default: the email's local part",
    `  --role <role>       one of ${ROLES.join(", ")}; default admin (the first user bootstraps a workspace and invites the others)`,
    "  --workspace <slug>  the workspace they belong to; optional when there is exactly one",
  ].join("\n"),
  async run(args) {
    const { values } = parseCommandArgs({
      args,
      options: {
        email: { type: "string" },
        "password-stdin": { type: "boolean" },
        name: { type: "string" },
        role: { type: "string" },
        workspace: { type: "string" },
      },
    });
    const email = requireOption(values.email, "--email <email>");
    if (!values["password-stdin"]) {
      throw new UsageError("Missing --password-stdin (the password is read from standard input)");
    }
    const input = validateArgs(
      Args,
      {
        email,
        password: await readPasswordFromStdin(),
        name: values.name,
        role: values.role,
        workspace: values.workspace,
      },
      {
        email: "--email",
        password: "password (stdin)",
        name: "--name",
        role: "--role",
        workspace: "--workspace",
      },
    );
    const { workspace, user } = await withDatabase(async (db) => {
      const workspace = await resolveWorkspace(db, input.workspace);
      try {
        const { workspace: _slug, ...request } = input;
        return { workspace, user: await createUser(db, workspace.id, request) };
      } catch (err) {
        if (err instanceof ConflictError || pgErrorOf(err)?.code === PG_UNIQUE_VIOLATION) {
          throw new CommandError(`A user with email ${input.email} already exists.`);
        }
        throw err;
      }
    });
    console.log(
      `Created user ${user.id} (${user.email}, "${user.name}", ${user.role}) in workspace ${workspace.slug}`,
    );
  },
};
