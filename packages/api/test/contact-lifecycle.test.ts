import { expect, it } from "vitest";
import { useHarness } from "./support/harness";

const h = useHarness();

it("creates, updates and reads a contact with all three lists", async () => {
  const { caller } = await h.workspace();
  const acme = await caller.company.create({ name: "Acme" });
  const globex = await caller.company.create({ name: "Globex" });
  const created = await caller.contact.create({
    firstName: "Ada",
    tags: ["vip"],
    connections: [{ company: { kind: "existing", id: acme.id }, primary: true, jobTitle: "CFO" }],
    externalRefs: [{ namespace: "Salesforce", id: "003A" }],
  });
  expect(created.version).toBe(1);
  const updated = await caller.contact.update({
    id: created.id,
    data: {
      lastName: "Lovelace",
      tags: ["IR", "vip"],
      connections: [
        { company: { kind: "existing", id: globex.id }, primary: true },
        { company: { kind: "existing", id: acme.id }, jobTitle: "Board" },
      ],
      externalRefs: [
        { namespace: "salesforce", id: "003A" },
        { namespace: "hubspot", id: "9" },
      ],
    },
  });
  expect(updated.version).toBe(2);
  const got = await caller.contact.get({ id: created.id });
  expect(got).toEqual(updated);
  expect(got.connections.map((c) => [c.company.name, c.primary])).toEqual([
    ["Globex", true],
    ["Acme", false],
  ]);
  const noop = await caller.contact.update({ id: created.id, data: { lastName: " Lovelace " } });
  expect(noop.version).toBe(2);
  const history = await caller.contact.history({ id: created.id });
  expect(history.items).toHaveLength(2);
  expect(Object.keys(history.items[0]!.changes).sort()).toEqual([
    "connections",
    "externalRefs",
    "lastName",
    "tags",
  ]);
  const list = await caller.contact.list({ search: "LOVE" });
  expect(list.items.map((c) => c.id)).toEqual([created.id]);
  const byRef = await caller.contact.findByExternalRef({ namespace: "HubSpot", id: "9" });
  expect(byRef.id).toBe(created.id);
});
