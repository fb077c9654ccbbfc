import type { BatchUpdateInputRaw } from "@contacts/contracts";
import { openApi } from "../api-client";
import type { Command } from "../command";
import { CommandError } from "../command-error";
import { normalizeContact } from "../contacts-io/normalize-contact";
import { pageContacts } from "../contacts-io/page-contacts";
import { parseCommandArgs } from "../parse-command-args";
import { UsageError } from "../usage-error";

const NAME = "contacts normalize";
const BATCH = 200;

export const contactsNormalize: Command = {
  name: NAME,
  synopsis: "[--dry-run]",
  summary:
    "Re-apply today's validation and normalization rules to every stored contact, through the API " +
    "(CONTACTS_API_URL, CONTACTS_API_KEY): print each difference and write the fixes with contact.batchUpdate " +
    "(guarded by the version read, recorded in history).",
  details: [
    "  --dry-run  print the differences, write nothing",
    "",
    "A contact whose stored values today's rules reject is reported and left alone; exits 1 if any was.",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { "dry-run": { type: "boolean" } },
    });
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
    const dryRun = values["dry-run"] === true;
    const api = openApi(NAME);
    let seen = 0;
    let changed = 0;
    let written = 0;
    const failures: string[] = [];
    let pending: BatchUpdateInputRaw["items"] = [];
    const flush = async () => {
      if (!pending.length) return;
      const items = pending;
      pending = [];
      const { results } = await api.call(() => api.client.contact.batchUpdate.mutate({ items }));
      results.forEach((r, i) => {
        if (r.ok) written++;
        else failures.push(`${items[i]?.id}: ${r.error.code} ${r.error.message}`);
      });
    };
    for await (const contact of pageContacts(api)) {
      seen++;
      const result = normalizeContact(contact);
      if (result.kind === "same") continue;
      if (result.kind === "invalid") {
        for (const problem of result.problems) failures.push(`${contact.id}: ${problem}`);
        continue;
      }
      changed++;
      for (const c of result.changes) {
        console.log(`${contact.id} ${c.field}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`);
      }
      if (!dryRun) {
        pending.push({ id: contact.id, data: result.data, expectedVersion: contact.version });
        if (pending.length >= BATCH) await flush();
      }
    }
    await flush();
    for (const failure of failures) console.error(`not normalized: ${failure}`);
    console.log(
      dryRun
        ? `Dry run: ${seen} contacts checked, ${changed} would change; nothing was written`
        : `${seen} contacts checked, ${changed} differed, ${written} updated, ${failures.length} problems`,
    );
    if (failures.length)
      throw new CommandError(`${failures.length} contacts could not be normalized (listed above)`);
  },
};
