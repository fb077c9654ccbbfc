/**
 * Mirrors a workspace's contacts into a local JSON file and keeps it in step through the
 * change feed: the file holds the contacts and the feed cursor together, replaced atomically
 * (write, then rename), so a process killed at any moment restarts from a state and cursor
 * that agree, and applies every change exactly once.
 *
 *   CONTACTS_API_URL=http://localhost:3000 CONTACTS_API_KEY=ck_… \
 *     pnpm --filter @contacts/client exec tsx examples/mirror-contacts.ts contacts-mirror.json [--once]
 *
 * Without --once it polls every 2 seconds until stopped (Ctrl+C); with it, it stops once the
 * mirror is up to date.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import type { Contact } from "@contacts/contracts";
import { createContactsClient } from "../src";
import { exampleEnv } from "./env";

interface Mirror {
  /** The feed cursor the contacts below are up to date with ("0": nothing read yet). */
  cursor: string;
  contacts: Record<string, Contact>;
}

const POLL_MS = 2_000;

async function load(file: string): Promise<Mirror> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Mirror;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { cursor: "0", contacts: {} };
    throw err;
  }
}

/** The contacts and the cursor in one file, replaced at once: never one without the other. */
async function save(file: string, mirror: Mirror): Promise<void> {
  await writeFile(`${file}.tmp`, JSON.stringify(mirror, null, 2));
  await rename(`${file}.tmp`, file);
}

async function main() {
  const [file = "contacts-mirror.json", ...flags] = process.argv.slice(2);
  if (!exampleEnv.apiKey) throw new Error("Set CONTACTS_API_KEY (pnpm scripts apikey create --name mirror)");
  const client = createContactsClient({
    url: exampleEnv.url,
    apiKey: exampleEnv.apiKey,
    scriptName: "mirror example",
  });
  const mirror = await load(file);
  console.log(`resuming after change ${mirror.cursor} with ${Object.keys(mirror.contacts).length} contacts`);

  for (;;) {
    const page = await client.contact.changedContacts.query({ after: mirror.cursor, limit: 500 });
    for (const contact of page.items) mirror.contacts[contact.id] = contact;
    // Deleted, merged into another or erased since: not in the workspace any more.
    for (const id of page.removedIds) delete mirror.contacts[id];
    if (page.cursor !== mirror.cursor) {
      mirror.cursor = page.cursor;
      await save(file, mirror);
      console.log(
        `applied ${page.items.length} contacts, removed ${page.removedIds.length}, now at change ${mirror.cursor}`,
      );
    }
    if (page.hasMore) continue;
    if (flags.includes("--once")) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  console.log(`up to date at change ${mirror.cursor}: ${Object.keys(mirror.contacts).length} contacts`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
