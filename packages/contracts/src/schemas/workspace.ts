import { z } from "zod";

/** Workspaces are made by operators (`pnpm scripts workspace create`), not over the API. */
export const WorkspaceSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "2–63 chars of a-z, 0-9 and '-', starting with a letter or digit");
export const WorkspaceName = z.string().trim().min(1, "Must not be empty").max(200, "At most 200 characters");
export const CreateWorkspaceRequest = z.strictObject({ slug: WorkspaceSlug, name: WorkspaceName });
export type CreateWorkspaceRequest = z.output<typeof CreateWorkspaceRequest>;

export const ApiKeyName = z.string().trim().min(1, "Must not be empty").max(100, "At most 100 characters");
