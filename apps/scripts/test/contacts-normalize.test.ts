import { newId } from "@contacts/db";
import { describe, expect, it } from "vitest";
import { rawQuery, runCommand, useApi } from "./support/harness";

/** `contacts normalize`: today's rules applied to stored contacts, through the API. */

const api = useApi();

/** A contact stored as older code (or a hand-written SQL fix) left it: not normalized. */
async function storeRaw(
  workspaceId: string,
  c: { firstName?: string; email?: string; phone?: string; tags?: string[]; linkedInUrl?: string },
) {
  const id = newId();
  const tags = c.tags ?? [];
  await rawQuery(
    api.server.conn,
    `insert into contacts (workspace_id, id, first_name, email, phone, linkedin_url, tags, tag_keys)
     values ($1, $2, $3, $4, $5, $6,
             array(select jsonb_array_elements_text($7::jsonb)),
             array(select lower(jsonb_array_elements_text($7::jsonb))))`,
    [
      workspaceId,
      id,
      c.firstName ?? null,
      c.email ?? null,
      c.phone ?? null,
      c.linkedInUrl ?? null,
      JSON.stringify(tags),
    ],
  );
  return id;
}

describe("contacts normalize", () => {
  it("reports the differences on a dry run, then applies them as updates in history", async () => {
    const ws = await api.workspace();
    const messy = await storeRaw(ws.workspaceId, {
      firstName: "  Ada ",
      email: "ADA@Example.COM",
      phone: "+46 70 123 45 67",
      tags: ["VIP", "vip", " ir"],
      linkedInUrl: "http://linkedin.com/in/Ada-L/",
    });
    const clean = await storeRaw(ws.workspaceId, { firstName: "Bob", email: "bob@example.com" });

    const dry = await runCommand(["contacts", "normalize", "--dry-run"], ws.env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`${messy} email: "ADA@Example.COM" -> "ada@example.com"`);
    expect(dry.stdout).toContain(`${messy} phone: "+46 70 123 45 67" -> "+46701234567"`);
    expect(dry.stdout).toContain(`${messy} tags: ["VIP","vip"," ir"] -> ["VIP","ir"]`);
    expect(dry.stdout).toContain("Dry run: 2 contacts checked, 1 would change; nothing was written");
    expect((await ws.client.contact.get.query({ id: messy })).version).toBe(1);

    const run = await runCommand(["contacts", "normalize"], ws.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("2 contacts checked, 1 differed, 1 updated, 0 problems");
    const fixed = await ws.client.contact.get.query({ id: messy });
    expect(fixed).toMatchObject({
      firstName: "Ada",
      email: "ada@example.com",
      phone: "+46701234567",
      tags: ["VIP", "ir"],
      linkedInUrl: "https://www.linkedin.com/in/ada-l",
      version: 2,
    });
    const history = await ws.client.contact.history.query({ id: messy });
    expect(history.items[0]?.actor.name).toBe(`${ws.keyName} (contacts normalize)`);
    expect((await ws.client.contact.get.query({ id: clean })).version).toBe(1);

    const again = await runCommand(["contacts", "normalize"], ws.env);
    expect(again.stdout).toContain("2 contacts checked, 0 differed");
  });

  it("reports stored values today's rules reject, leaves them, and exits 1", async () => {
    const ws = await api.workspace();
    const broken = await storeRaw(ws.workspaceId, { firstName: "Eve", email: "not-an-email" });
    const result = await runCommand(["contacts", "normalize"], ws.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`not normalized: ${broken}: email: `);
    expect((await ws.client.contact.get.query({ id: broken })).version).toBe(1);
  });
});
