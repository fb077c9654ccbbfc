import { Tag } from "@contacts/contracts";
import { z } from "zod";
import { openApi } from "../api-client";
import type { Command } from "../command";
import { CommandError } from "../command-error";
import { parseCommandArgs, validateArgs } from "../parse-command-args";
import { retagContacts } from "../retag-contacts";
import { UsageError } from "../usage-error";

const NAME = "tags rename";

export const tagsRename: Command = {
  name: NAME,
  synopsis: "<from> <to> [--dry-run]",
  summary:
    "Rename a tag on every contact carrying it (matched case-insensitively), through the API (CONTACTS_API_URL, " +
    "CONTACTS_API_KEY), so each change is an update in the contact's history. Prints each contact changed.",
  details: "  --dry-run  print what would change, write nothing",
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { "dry-run": { type: "boolean" } },
    });
    if (positionals.length !== 2) throw new UsageError("Expected exactly two tags: <from> <to>");
    const { from, to } = validateArgs(
      z.object({ from: Tag, to: Tag }),
      { from: positionals[0], to: positionals[1] },
      { from: "<from>", to: "<to>" },
    );
    const dryRun = values["dry-run"] === true;
    const api = openApi(NAME);
    const { changed, failures } = await retagContacts(api, {
      sources: [from],
      target: to,
      dryRun,
      log: console.log,
    });
    for (const f of failures) console.error(`not renamed: ${f}`);
    console.log(
      `${dryRun ? "Dry run: would rename" : "Renamed"} "${from}" to "${to}" on ${changed} contacts`,
    );
    if (failures.length)
      throw new CommandError(`${failures.length} contacts could not be changed (listed above)`);
  },
};
