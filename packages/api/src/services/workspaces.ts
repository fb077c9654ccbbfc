import type { CreateWorkspaceRequest } from "@contacts/contracts";
import {
  type Database,
  findWorkspaceBySlug,
  insertWorkspace,
  listWorkspaceRows,
  newId,
  PG_UNIQUE_VIOLATION,
  pgErrorOf,
} from "@contacts/db";
import { ConflictError, NotFoundError } from "../errors";

export async function createWorkspace(db: Database, { slug, name }: CreateWorkspaceRequest) {
  const taken = () => new ConflictError("WORKSPACE_SLUG_TAKEN", `A workspace with slug "${slug}" exists`);
  if (await findWorkspaceBySlug(db, slug)) throw taken();
  try {
    return await insertWorkspace(db, { id: newId(), slug, name });
  } catch (err) {
    // Another create of the same slug won the race between our check and insert.
    if (pgErrorOf(err)?.code === PG_UNIQUE_VIOLATION) throw taken();
    throw err;
  }
}

export async function getWorkspaceBySlug(db: Database, slug: string) {
  const row = await findWorkspaceBySlug(db, slug);
  if (!row) throw new NotFoundError("Workspace", `Workspace "${slug}"`);
  return row;
}

export const listWorkspaces = (db: Database) => listWorkspaceRows(db);
