import { Tag } from "@contacts/contracts";
import { z } from "zod";
import { openApi } from "../api-client";
import type { Command } from "../command";
import { CommandError } from "../command-error";
import { parseCommandArgs, requireOption, validateArgs } from "../parse-command-args";
import { retagContacts } from "../retag-contacts";
import { UsageError } from "../usage-error";

const NAME = "tags merge";

export const tagsMerge: Command = {
  name: NAME,
  synopsis: "<tag> <tag>... --into <tag> [--dry-run]",
  summary:
    "Merge tags: every contact carrying any of the given tags (case-insensitively) carries the --into tag " +
    "instead, once, where the first of them was. Through the API (CONTACTS_API_URL, CONTACTS_API_KEY), so " +
    "history records each change.",
  details: [
    "  --into <tag>  the tag they become (may be one of them)",
    "  --dry-run     print what would change, write nothing",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { into: { type: "string" }, "dry-run": { type: "boolean" } },
    });
    if (positionals.length < 2) throw new UsageError("Expected at least two tags to merge");
    const { sources, into } = validateArgs(
      z.object({ sources: z.array(Tag), into: Tag }),
      { sources: positionals, into: requireOption(values.into, "--into <tag>") },
      { sources: "<tag>", into: "--into" },
    );
    const dryRun = values["dry-run"] === true;
    const api = openApi(NAME);
    const { changed, failures } = await retagContacts(api, {
      sources,
      target: into,
      dryRun,
      log: console.log,
    });
    for (const f of failures) console.error(`not merged: ${f}`);
    console.log(
      `${dryRun ? "Dry run: would merge" : "Merged"} ${sources.map((s) => `"${s}"`).join(", ")} into "${into}" on ${changed} contacts`,
    );
    if (failures.length)
      throw new CommandError(`${failures.length} contacts could not be changed (listed above)`);
  },
};
