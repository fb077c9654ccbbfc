import { mkdirSync } from "node:fs";
import lockfile from "proper-lockfile";

/** Thrown when a second process (or a second opener in this one) tries an owned PGlite folder. */
export class EmbeddedDatabaseInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The embedded database in ${dataDir} is already open in another process (for example ` +
        "`pnpm dev` or `pnpm start`). PGlite allows one owner per folder: stop that process, " +
        "or set DATABASE_URL to use a PostgreSQL server.",
    );
    this.name = "EmbeddedDatabaseInUseError";
  }
}

/**
 * Takes the folder's lock, or throws EmbeddedDatabaseInUseError. PGlite has no lock of its
 * own and two openers corrupt a folder silently. The lock is refreshed while held, so one
 * left by a killed process goes stale after a few seconds and is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  mkdirSync(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: `${dataDir}.lock`,
      stale: 10_000,
      update: 2_000,
      retries: 0,
      onCompromised: (err) => {
        console.error(`Lost the lock on ${dataDir}: ${err.message}`);
      },
    });
  } catch (err) {
    if ((err as { code?: string }).code === "ELOCKED") throw new EmbeddedDatabaseInUseError(dataDir);
    throw err;
  }
}
