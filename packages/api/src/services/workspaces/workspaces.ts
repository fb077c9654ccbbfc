import type { CreateWorkspaceRequest } from "@contacts/contracts";
import { type Database, findWorkspaceBySlug, insertWorkspace, listWorkspaceRows, newId } from "@contacts/db";
import { ConflictError, NotFoundError } from "../../errors";

export async function createWorkspace(db: Database, { slug, name }: CreateWorkspaceRequest) {
  if (await findWorkspaceBySlug(db, slug)) throw new ConflictError(`A workspace with slug "${slug}" exists`);
  return insertWorkspace(db, { id: newId(), slug, name });
}

export async function getWorkspaceBySlug(db: Database, slug: string) {
  const row = await findWorkspaceBySlug(db, slug);
  if (!row) throw new NotFoundError(`Workspace "${slug}"`);
  return row;
}

export const listWorkspaces = (db: Database) => listWorkspaceRows(db);
