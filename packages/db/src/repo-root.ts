import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The monorepo root: the nearest folder above the working directory that holds
 * pnpm-workspace.yaml. Used instead of import.meta.url, which bundlers (Next) rewrite.
 */
export function findRepoRoot(from: string = process.cwd()): string {
  // Resolved at run time on purpose; tell Turbopack not to trace the whole project from it.
  let dir = path.resolve(/*turbopackIgnore: true*/ from);
  for (;;) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
}

export const defaultMigrationsFolder = () => path.join(findRepoRoot(), "packages/db/migrations");
export const defaultPgliteDataDir = () => path.join(findRepoRoot(), ".data/pglite");
