import { getWorkspaceBySlug, listWorkspaces, NotFoundError } from "@contacts/api";
import type { Database } from "@contacts/db";
import { CommandError } from "./command-error";

/**
 * The workspace named by `--workspace`, or the only one there is. With none or several and no
 * `--workspace`, fails with what the operator needs to choose.
 */
export async function resolveWorkspace(db: Database, slug: string | undefined) {
  if (slug !== undefined) {
    try {
      return await getWorkspaceBySlug(db, slug);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      const slugs = (await listWorkspaces(db)).map((w) => w.slug);
      throw new CommandError(
        `No workspace with slug "${slug}". ${slugs.length ? `Workspaces: ${slugs.join(", ")}` : "There are no workspaces yet."}`,
      );
    }
  }
  const all = await listWorkspaces(db);
  const [only] = all;
  if (all.length === 1 && only) return only;
  if (all.length === 0) {
    throw new CommandError(
      "There are no workspaces yet. Create one first: pnpm scripts workspace create --slug <slug> --name <name>",
    );
  }
  throw new CommandError(
    `There are ${all.length} workspaces; choose one with --workspace <slug>: ${all.map((w) => w.slug).join(", ")}`,
  );
}
