import { DomainError } from "@contacts/api";
import { EmbeddedDatabaseInUseError } from "@contacts/db";
import type { Command } from "./command";
import { CommandError } from "./command-error";
import { apiKeyCreate } from "./commands/api-key-create";
import { apiKeyList } from "./commands/api-key-list";
import { apiKeyRevoke } from "./commands/api-key-revoke";
import { contactsDuplicates } from "./commands/contacts-duplicates";
import { contactsExport } from "./commands/contacts-export";
import { contactsImport } from "./commands/contacts-import";
import { contactsMerge } from "./commands/contacts-merge";
import { contactsNormalize } from "./commands/contacts-normalize";
import { dbMigrate } from "./commands/db-migrate";
import { dbSeed } from "./commands/db-seed";
import { tagsMerge } from "./commands/tags-merge";
import { tagsRename } from "./commands/tags-rename";
import { userCreate } from "./commands/user-create";
import { webhooksWorker } from "./commands/webhooks-worker";
import { workspaceCreate } from "./commands/workspace-create";
import { workspaceList } from "./commands/workspace-list";
import { UsageError } from "./usage-error";

const commands: Command[] = [
  workspaceCreate,
  workspaceList,
  apiKeyCreate,
  apiKeyList,
  apiKeyRevoke,
  userCreate,
  dbMigrate,
  dbSeed,
  contactsImport,
  contactsExport,
  contactsDuplicates,
  contactsMerge,
  contactsNormalize,
  tagsRename,
  tagsMerge,
  webhooksWorker,
];

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

const usageLine = (c: Command) => `pnpm scripts ${c.name}${c.synopsis ? ` ${c.synopsis}` : ""}`;

function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "Usage: pnpm scripts <command> [options]",
    "",
    "Operator commands, straight on the database: DATABASE_URL when set, else the embedded",
    "PGlite folder (PGLITE_DATA_DIR, default <repo>/.data/pglite; one process at a time).",
    "Pending migrations are applied first. The contacts and tags commands go through the API",
    "instead (CONTACTS_API_URL, CONTACTS_API_KEY), so its rules apply and history names them.",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.synopsis}`.trimEnd()),
    `  ${"help".padEnd(width)}  [<command>]`,
    "",
    "Run `pnpm scripts <command> --help` for what a command does.",
  ].join("\n");
}

function groupHelp(group: string): string {
  return [
    "Usage:",
    ...commands.filter((c) => c.name.startsWith(`${group} `)).map((c) => `  ${usageLine(c)}`),
    "",
    "Run `pnpm scripts <command> --help` for what a command does.",
  ].join("\n");
}

function commandHelp(c: Command): string {
  return [`Usage: ${usageLine(c)}`, "", c.summary, ...(c.details ? ["", c.details] : [])].join("\n");
}

const isHelpFlag = (arg: string | undefined) => arg === "--help" || arg === "-h";
/** `--help` anywhere before a `--` asks for help instead of running the command. */
const wantsHelp = (args: string[]) => {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).some(isHelpFlag);
};
const groups = new Set(commands.map((c) => c.name.split(" ")[0]));

/** What the arguments ask for: a help text to print, or a command to run. */
type Request =
  | { kind: "help"; text: string }
  | { kind: "usage-error"; message: string; usage: string }
  | { kind: "run"; command: Command; args: string[] };

function route(argv: string[]): Request {
  const [first, second, ...rest] = argv;
  if (first === undefined) return { kind: "usage-error", message: "Missing <command>", usage: generalHelp() };
  if (first === "help" || isHelpFlag(first)) {
    const words = argv.slice(1).filter((a) => !isHelpFlag(a));
    if (words.length === 0) return { kind: "help", text: generalHelp() };
    const request = route(words);
    if (request.kind === "run") return { kind: "help", text: commandHelp(request.command) };
    if (request.kind === "usage-error" && words.length === 1 && groups.has(words[0])) {
      return { kind: "help", text: groupHelp(words[0] ?? "") };
    }
    return request;
  }
  if (!groups.has(first)) {
    return { kind: "usage-error", message: `Unknown command "${first}"`, usage: generalHelp() };
  }
  if (isHelpFlag(second)) return { kind: "help", text: groupHelp(first) };
  if (second === undefined) {
    const names = commands.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.split(" ")[1]);
    return {
      kind: "usage-error",
      message: `Missing what to do: ${first} ${names.join("|")}`,
      usage: groupHelp(first),
    };
  }
  const command = commands.find((c) => c.name === `${first} ${second}`);
  if (!command) {
    return { kind: "usage-error", message: `Unknown command "${first} ${second}"`, usage: groupHelp(first) };
  }
  if (wantsHelp(rest)) return { kind: "help", text: commandHelp(command) };
  return { kind: "run", command, args: rest };
}

function printError(message: string) {
  for (const line of message.split("\n")) console.error(`error: ${line}`);
}

/**
 * Any other error: its message and causes, first lines only (drizzle appends the query's
 * params). A database or system error (one with a `code`, e.g. ECONNREFUSED) is about the
 * environment, so no stack; anything else is a bug, and its stack helps whoever reports it.
 */
function printUnexpectedError(err: unknown) {
  let hasCode = false;
  const messages: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 5; depth++) {
    const message = e instanceof Error ? e.message : String(e);
    messages.push(message.split("\n")[0] ?? "");
    if (typeof (e as { code?: unknown } | null)?.code === "string") hasCode = true;
    e = e instanceof Error ? e.cause : undefined;
  }
  printError(messages.join("\ncaused by: "));
  if (!hasCode && err instanceof Error && err.stack) console.error(`\n${err.stack}`);
}

/** Runs what `argv` (the arguments after `pnpm scripts`) asks for; answers the exit code. Never throws. */
export async function runCli(argv: string[]): Promise<number> {
  const request = route(argv);
  if (request.kind === "help") {
    console.log(request.text);
    return 0;
  }
  if (request.kind === "usage-error") {
    printError(request.message);
    console.error(`\n${request.usage}`);
    return EXIT_USAGE;
  }
  try {
    await request.command.run(request.args);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      printError(err.message);
      console.error(`\n${commandHelp(request.command)}`);
      return EXIT_USAGE;
    }
    // Failures the operator can act on: the message says it all, a stack would bury it.
    if (
      err instanceof CommandError ||
      err instanceof DomainError ||
      err instanceof EmbeddedDatabaseInUseError
    ) {
      printError(err.message);
      return EXIT_FAILURE;
    }
    printUnexpectedError(err);
    return EXIT_FAILURE;
  }
}
