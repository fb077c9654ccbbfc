import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb, migrate } from "@contacts/db";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PGlite folder for test files to copy (unset when tests use a server). */
    pgliteTemplate: string | undefined;
  }
}

/**
 * Migrates once before any command runs. On a server, children would otherwise race to
 * create drizzle's migrations table; on PGlite, copying a migrated folder saves each test
 * file the initdb of a new one (seconds each).
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL || undefined;
  if (url) {
    const conn = await createDb({ url, maxConnections: 1 });
    await migrate(conn);
    await conn.close();
    project.provide("pgliteTemplate", undefined);
    return;
  }
  const base = await mkdtemp(path.join(os.tmpdir(), "scripts-template-"));
  const dataDir = path.join(base, "pglite");
  const conn = await createDb({ dataDir });
  await migrate(conn);
  await conn.close();
  project.provide("pgliteTemplate", dataDir);
  return () => rm(base, { recursive: true, force: true });
}
