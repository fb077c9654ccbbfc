import { MergeTagsInput } from "@contacts/contracts";
import { openApi } from "../api-client";
import type { Command } from "../command";
import { parseCommandArgs, requireOption, validateArgs } from "../parse-command-args";
import { UsageError } from "../usage-error";

const NAME = "tags merge";

export const tagsMerge: Command = {
  name: NAME,
  synopsis: "<tag> <tag>... --into <tag> [--dry-run]",
  summary:
    "Merge tags: every contact carrying any of the given tags (case-insensitively) carries the --into tag " +
    "instead, once, where the first of them was. Through the API's tag.merge (CONTACTS_API_URL, CONTACTS_API_KEY), so " +
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
    const input = validateArgs(
      MergeTagsInput,
      {
        from: positionals,
        into: requireOption(values.into, "--into <tag>"),
        dryRun: values["dry-run"] === true,
      },
      { from: "<tag>", into: "--into", dryRun: "--dry-run" },
    );
    const api = openApi(NAME);
    // One home for the rule: the API's tag.merge (docs/api.md §6.22), not a loop here.
    const { changed } = await api.call(() => api.client.tag.merge.mutate(input));
    console.log(
      `${input.dryRun ? "Dry run: would merge" : "Merged"} ${input.from.map((s) => `"${s}"`).join(", ")} into "${input.into}" on ${changed} contacts`,
    );
  },
};
