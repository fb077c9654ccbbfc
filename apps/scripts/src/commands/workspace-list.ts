import { listWorkspaces } from "@contacts/api";
import type { Command } from "../command";
import { formatTable, formatTime } from "../format-table";
import { withDatabase } from "../open-database";
import { parseCommandArgs } from "../parse-command-args";

export const workspaceList: Command = {
  name: "workspace list",
  synopsis: "",
  summary: "List the workspaces.",
  async run(args) {
    parseCommandArgs({ args, options: {} });
    const workspaces = await withDatabase((db) => listWorkspaces(db));
    if (workspaces.length === 0) {
      console.log("There are no workspaces yet.");
      return;
    }
    console.log(
      formatTable(
        ["SLUG", "NAME", "ID", "CREATED"],
        workspaces.map((w) => [w.slug, w.name, w.id, formatTime(w.createdAt)]),
      ),
    );
  },
};
