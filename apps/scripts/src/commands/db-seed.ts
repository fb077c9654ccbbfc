import { seedDemo } from "@contacts/api";
import type { Command } from "../command";
import { withDatabase } from "../open-database";
import { parseCommandArgs } from "../parse-command-args";

export const dbSeed: Command = {
  name: "db seed",
  synopsis: "",
  summary:
    'Create the demo workspace (slug "demo") with a few companies and contacts, once, and print its ' +
    "fixed API key on the last line. For local development only.",
  async run(args) {
    parseCommandArgs({ args, options: {} });
    const seeded = await withDatabase((db) => seedDemo(db));
    console.log(
      seeded.created
        ? "Seeded the demo workspace (slug demo). Its API key, for local development only:"
        : "The demo workspace (slug demo) already exists. Its API key, for local development only:",
    );
    console.log(seeded.apiKey);
  },
};
