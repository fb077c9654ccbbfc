/**
 * A server pushing contacts from another CRM into the contacts service, the way a nightly
 * sync would: upsert each record by its CRM id, then tag them in one batch, then read back.
 *
 *   CONTACTS_API_URL=http://localhost:3000 CONTACTS_API_KEY=ck_… pnpm --filter @contacts/client exec tsx examples/sync-from-crm.ts
 */
import { createContactsClient, errorCodeOf, issuesOf } from "../src";
import { exampleEnv } from "./env";

const crmRecords = [
  { crmId: "hs-1001", firstName: "Astrid", lastName: "Lindgren", email: "Astrid@Example.com" },
  { crmId: "hs-1002", firstName: "Nils", lastName: "Holgersson", phone: "+46 70 123 45 67" },
];

async function main() {
  if (!exampleEnv.apiKey) throw new Error("Set CONTACTS_API_KEY (pnpm scripts api-key create --name sync)");
  const client = createContactsClient({
    url: exampleEnv.url,
    apiKey: exampleEnv.apiKey,
    scriptName: "crm sync example",
  });

  // Upserts are idempotent by nature: mark them retry-safe, and they stay batched.
  const upserted = await Promise.all(
    crmRecords.map(({ crmId, ...data }) =>
      client.contact.upsertByExternalRef.mutate(
        { namespace: "hubspot", id: crmId, data },
        { context: { retrySafe: true } },
      ),
    ),
  );
  for (const { outcome, contact } of upserted)
    console.log(`${outcome}: ${contact.id} ${contact.email ?? contact.phone}`);

  // One request for all, each item answered on its own; a key makes the retry safe.
  const batch = await client.contact.batchUpdate.mutate(
    {
      items: upserted.map(({ contact }) => ({ id: contact.id, data: { tags: ["synced", ...contact.tags] } })),
    },
    { context: { idempotencyKey: `tag-synced-${upserted.map((u) => u.contact.id).join(",")}` } },
  );
  console.log(`tagged: ${batch.results.filter((r) => r.ok).length}/${batch.results.length}`);

  // Errors keep their tRPC code and issues.
  try {
    await client.contact.update.mutate({ id: upserted[0]!.contact.id, data: { email: "not an email" } });
  } catch (err) {
    console.log(`rejected: ${errorCodeOf(err)} at ${JSON.stringify(issuesOf(err)[0]?.path)}`);
  }

  const found = await client.contact.findByExternalRef.query({ namespace: "HubSpot", id: "hs-1001" });
  console.log(`found: ${found.firstName} ${found.lastName} <${found.email}> tags=${found.tags.join(",")}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
