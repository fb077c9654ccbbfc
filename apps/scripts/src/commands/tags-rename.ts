import { RenameTagInput } from "@contacts/contracts";
import { openApi } from "../api-client";
import type { Command } from "../command";
import { parseCommandArgs, validateArgs } from "../parse-command-args";
import { UsageError } from "../usage-error";

const NAME = "tags rename";

export const tagsRename: Command = {
  name: NAME,
  synopsis: "<from> <to> [--dry-run]",
  summary:
    "Rename a tag on every contact carrying it (matched case-insensitively), through the API's tag.rename " +
    "(CONTACTS_API_URL, CONTACTS_API_KEY), so each change is an update in the contact's history. Prints how many changed.",
  details: "  --dry-run  print what would change, write nothing",
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { "dry-run": { type: "boolean" } },
    });
    if (positionals.length !== 2) throw new UsageError("Expected exactly two tags: <from> <to>");
    const input = validateArgs(
      RenameTagInput,
      { from: positionals[0], to: positionals[1], dryRun: values["dry-run"] === true },
      { from: "<from>", to: "<to>", dryRun: "--dry-run" },
    );
    const api = openApi(NAME);
    // One home for the rule: the API's tag.rename (docs/api.md §6.22), not a loop here.
    const { changed } = await api.call(() => api.client.tag.rename.mutate(input));
    console.log(
      `${input.dryRun ? "Dry run: would rename" : "Renamed"} "${input.from}" to "${input.to}" on ${changed} contacts`,
    );
  },
};
