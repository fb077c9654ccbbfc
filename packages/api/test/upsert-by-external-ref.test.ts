import { describe, expect, it } from "vitest";
import { domainCauseOf, existing, expectTRPCError, issuesOf } from "./support/contract";
import { useHarness } from "./support/harness";

/** contact.upsertByExternalRef: update the holder of (namespace, id), or create it carrying it. */

const h = useHarness();

describe("contact.upsertByExternalRef", () => {
  it("creates a contact carrying the reference, then updates the same one", async () => {
    const { caller } = await h.workspace();
    const first = await caller.contact.upsertByExternalRef({
      namespace: "HubSpot",
      id: "501",
      data: { firstName: " Ada ", email: "ADA@example.com", tags: ["ir"] },
    });
    expect(first.outcome).toBe("created");
    expect(first.contact).toMatchObject({
      firstName: "Ada",
      email: "ada@example.com",
      externalRefs: [{ namespace: "hubspot", id: "501" }],
      version: 1,
    });
    const second = await caller.contact.upsertByExternalRef({
      namespace: "hubspot",
      id: "501",
      data: { lastName: "Lovelace", strategy: null },
    });
    expect(second.outcome).toBe("updated");
    expect(second.contact).toMatchObject({
      id: first.contact.id,
      firstName: "Ada",
      lastName: "Lovelace",
      version: 2,
    });
    const again = await caller.contact.upsertByExternalRef({
      namespace: "hubspot",
      id: "501",
      data: { lastName: "Lovelace" },
    });
    expect(again).toMatchObject({ outcome: "unchanged", contact: { version: 2 } });
    const history = await caller.contact.history({ id: first.contact.id });
    expect(history.items).toHaveLength(2);
  });

  it("keeps its own reference when data replaces the external references", async () => {
    const { caller } = await h.workspace();
    await caller.contact.upsertByExternalRef({ namespace: "sf", id: "A", data: { firstName: "X" } });
    const { contact } = await caller.contact.upsertByExternalRef({
      namespace: "sf",
      id: "A",
      data: { externalRefs: [{ namespace: "hubspot", id: "9" }] },
    });
    expect(contact.externalRefs).toEqual([
      { namespace: "hubspot", id: "9" },
      { namespace: "sf", id: "A" },
    ]);
    const cleared = await caller.contact.upsertByExternalRef({
      namespace: "sf",
      id: "A",
      data: { externalRefs: null },
    });
    expect(cleared.contact.externalRefs).toEqual([{ namespace: "sf", id: "A" }]);
  });

  it("applies the same rules as create and update", async () => {
    const { caller } = await h.workspace();
    const noIdentity = await expectTRPCError(
      caller.contact.upsertByExternalRef({ namespace: "sf", id: "B", data: { strategy: "only" } }),
      "BAD_REQUEST",
    );
    expect(issuesOf(noIdentity).map((i) => i.path)).toEqual([["data", "firstName"]]);
    const badCompany = await expectTRPCError(
      caller.contact.upsertByExternalRef({
        namespace: "sf",
        id: "B",
        data: { firstName: "B", connections: [{ company: existing("nope"), primary: true }] },
      }),
      "BAD_REQUEST",
    );
    expect(issuesOf(badCompany).map((i) => i.path)).toEqual([["data", "connections", 0, "company", "id"]]);
    const badInput = await expectTRPCError(
      caller.contact.upsertByExternalRef({ namespace: "bad space", id: "", data: { bogus: 1 } as never }),
      "BAD_REQUEST",
    );
    expect(issuesOf(badInput).map((i) => i.path)).toEqual(
      expect.arrayContaining([["namespace"], ["id"], ["data", "bogus"]]),
    );
    // Nothing was created by the failures.
    await expectTRPCError(caller.contact.findByExternalRef({ namespace: "sf", id: "B" }), "NOT_FOUND");
  });

  it("is a CONFLICT when another reference in data belongs to another contact", async () => {
    const { caller } = await h.workspace();
    const owner = await caller.contact.create({
      firstName: "Owner",
      externalRefs: [{ namespace: "hubspot", id: "1" }],
    });
    const err = await expectTRPCError(
      caller.contact.upsertByExternalRef({
        namespace: "sf",
        id: "C",
        data: { firstName: "New", externalRefs: [{ namespace: "hubspot", id: "1" }] },
      }),
      "CONFLICT",
    );
    expect(domainCauseOf(err).details).toMatchObject({ contactId: owner.id });
  });

  it("never duplicates under concurrent upserts of the same new reference", async () => {
    const { caller } = await h.workspace();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        caller.contact.upsertByExternalRef({
          namespace: "sf",
          id: "race",
          data: { firstName: "Race", strategy: `s${i}` },
        }),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === "created")).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.contact.id)).size).toBe(1);
    const page = await caller.contact.list({ search: "race" });
    expect(page.items).toHaveLength(1);
  });

  it("is scoped to the workspace: the same reference elsewhere is another contact", async () => {
    const { caller: a } = await h.workspace();
    const { caller: b } = await h.workspace();
    const inA = await a.contact.upsertByExternalRef({
      namespace: "sf",
      id: "same",
      data: { firstName: "A" },
    });
    const inB = await b.contact.upsertByExternalRef({
      namespace: "sf",
      id: "same",
      data: { firstName: "B" },
    });
    expect(inB.outcome).toBe("created");
    expect(inB.contact.id).not.toBe(inA.contact.id);
  });
});
