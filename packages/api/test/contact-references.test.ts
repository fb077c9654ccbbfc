import { describe, expect, it } from "vitest";
import { ValidationError } from "../src/errors";
import {
  badRequestPaths,
  domainCauseOf,
  existing,
  expectTRPCError,
  issuesOf,
  snapshot,
} from "./support/contract";
import { useHarness } from "./support/harness";

/** docs/api.md §4.9 connections and §4.10 externalRefs, on create and on update. */

const h = useHarness();

describe("connections", () => {
  it("a non-empty list needs exactly one primary: none is BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const globex = await caller.company.create({ name: "Globex" });
    const contact = await caller.contact.create({ firstName: "Ada" });
    const paths = await badRequestPaths(
      caller.contact.update({
        id: contact.id,
        data: {
          connections: [{ company: existing(acme.id) }, { company: existing(globex.id), primary: false }],
        },
      }),
    );
    expect(paths).toEqual([["data", "connections"]]);
    expect((await caller.contact.get({ id: contact.id })).connections).toEqual([]);
  });

  it("two primaries is BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const globex = await caller.company.create({ name: "Globex" });
    const error = await expectTRPCError(
      caller.contact.create({
        firstName: "Ada",
        connections: [
          { company: existing(acme.id), primary: true },
          { company: existing(globex.id), primary: true },
        ],
      }),
      "BAD_REQUEST",
    );
    expect(issuesOf(error)).toEqual([{ path: ["connections"], message: expect.stringMatching(/2 are/) }]);
    expect((await caller.contact.list({})).items).toEqual([]);
  });

  it("a single connection must itself be primary", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    await badRequestPaths(
      caller.contact.create({ firstName: "Ada", connections: [{ company: existing(acme.id) }] }),
    );
    const ok = await caller.contact.create({
      firstName: "Ada",
      connections: [{ company: existing(acme.id), primary: true }],
    });
    expect(ok.connections).toEqual([
      { company: { id: acme.id, name: "Acme" }, jobTitle: null, primary: true },
    ]);
  });

  it("the same company twice is BAD_REQUEST pointing at the repeat", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const globex = await caller.company.create({ name: "Globex" });
    const contact = await caller.contact.create({ firstName: "Ada" });
    const before = await snapshot(caller, contact.id);
    const paths = await badRequestPaths(
      caller.contact.update({
        id: contact.id,
        data: {
          connections: [
            { company: existing(acme.id), primary: true },
            { company: existing(globex.id) },
            { company: existing(acme.id), jobTitle: "Other role" },
          ],
        },
      }),
    );
    expect(paths).toEqual([["data", "connections", 2, "company", "id"]]);
    expect(await snapshot(caller, contact.id)).toEqual(before);
  });

  it("an unknown company id is BAD_REQUEST whose issue path points at that id", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const contact = await caller.contact.create({ firstName: "Ada" });
    const before = await snapshot(caller, contact.id);
    const error = await expectTRPCError(
      caller.contact.update({
        id: contact.id,
        data: {
          connections: [
            { company: existing(acme.id), primary: true },
            { company: existing("missing-1") },
            { company: existing("missing-2") },
          ],
        },
      }),
      "BAD_REQUEST",
    );
    // Only the database knows which companies exist: a domain ValidationError, not a zod one.
    const cause = domainCauseOf(error);
    expect(cause).toBeInstanceOf(ValidationError);
    expect((cause as ValidationError).issues).toEqual(issuesOf(error));
    expect(issuesOf(error).map((i) => i.path)).toEqual([
      ["data", "connections", 1, "company", "id"],
      ["data", "connections", 2, "company", "id"],
    ]);
    expect(await snapshot(caller, contact.id)).toEqual(before);
  });

  it("a company of another workspace is BAD_REQUEST exactly like an unknown one", async () => {
    const other = await h.workspace("Other");
    const foreign = await other.caller.company.create({ name: "Foreign Co" });
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const contact = await caller.contact.create({ firstName: "Ada" });
    const error = await expectTRPCError(
      caller.contact.update({
        id: contact.id,
        data: {
          connections: [{ company: existing(acme.id) }, { company: existing(foreign.id), primary: true }],
        },
      }),
      "BAD_REQUEST",
    );
    expect(issuesOf(error)).toEqual([
      { path: ["data", "connections", 1, "company", "id"], message: expect.any(String) },
    ]);
    expect(error.message).not.toContain("Foreign Co");
    expect((await caller.contact.get({ id: contact.id })).connections).toEqual([]);
  });

  it("on create, the issue path starts at the connections field (the input is the data)", async () => {
    const { caller } = await h.workspace();
    const paths = await badRequestPaths(
      caller.contact.create({
        firstName: "Ada",
        connections: [{ company: existing("missing"), primary: true }],
      }),
    );
    expect(paths).toEqual([["connections", 0, "company", "id"]]);
    expect((await caller.contact.list({})).items).toEqual([]);
  });

  it("the primary can move to another connection", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const globex = await caller.company.create({ name: "Globex" });
    const contact = await caller.contact.create({
      firstName: "Ada",
      connections: [{ company: existing(acme.id), primary: true }, { company: existing(globex.id) }],
    });
    const moved = await caller.contact.update({
      id: contact.id,
      data: {
        connections: [{ company: existing(acme.id) }, { company: existing(globex.id), primary: true }],
      },
    });
    expect(moved.connections.map((c) => [c.company.name, c.primary])).toEqual([
      ["Acme", false],
      ["Globex", true],
    ]);
    expect((await caller.contact.get({ id: contact.id })).connections).toEqual(moved.connections);
  });

  it("a company may be connected to many contacts", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const one = await caller.contact.create({
      firstName: "One",
      connections: [{ company: existing(acme.id), primary: true }],
    });
    const two = await caller.contact.create({
      firstName: "Two",
      connections: [{ company: existing(acme.id), primary: true }],
    });
    expect(one.connections[0]?.company.id).toBe(acme.id);
    expect(two.connections[0]?.company.id).toBe(acme.id);
  });

  it("job title: up to 200 characters after trim, 201 rejected", async () => {
    const { caller } = await h.workspace();
    const acme = await caller.company.create({ name: "Acme" });
    const max = "t".repeat(200);
    const ok = await caller.contact.create({
      firstName: "Ada",
      connections: [{ company: existing(acme.id), jobTitle: `  ${max}  `, primary: true }],
    });
    expect(ok.connections[0]?.jobTitle).toBe(max);
    const paths = await badRequestPaths(
      caller.contact.create({
        firstName: "Ada",
        connections: [{ company: existing(acme.id), jobTitle: `${max}t`, primary: true }],
      }),
    );
    expect(paths).toEqual([["connections", 0, "jobTitle"]]);
  });
});

describe("externalRefs", () => {
  it("a pair held by another contact is CONFLICT naming that contact", async () => {
    const { caller } = await h.workspace();
    const holder = await caller.contact.create({
      firstName: "Holder",
      externalRefs: [{ namespace: "salesforce", id: "003A" }],
    });
    const contact = await caller.contact.create({ firstName: "Ada" });
    const before = await snapshot(caller, contact.id);
    const error = await expectTRPCError(
      caller.contact.update({
        id: contact.id,
        data: {
          firstName: "Changed",
          externalRefs: [
            { namespace: "hubspot", id: "1" },
            { namespace: "salesforce", id: "003A" },
          ],
        },
      }),
      "CONFLICT",
    );
    expect(error.message).toContain(holder.id);
    expect(domainCauseOf(error).details).toMatchObject({ contactId: holder.id });
    expect(await snapshot(caller, contact.id)).toEqual(before);
    expect((await caller.contact.findByExternalRef({ namespace: "salesforce", id: "003A" })).id).toBe(
      holder.id,
    );
  });

  it("on create, a taken pair is CONFLICT and no contact is created", async () => {
    const { caller } = await h.workspace();
    const holder = await caller.contact.create({
      firstName: "Holder",
      externalRefs: [{ namespace: "hubspot", id: "42" }],
    });
    const error = await expectTRPCError(
      caller.contact.create({ firstName: "Dup", externalRefs: [{ namespace: "HubSpot", id: "42" }] }),
      "CONFLICT",
    );
    expect(error.message).toContain(holder.id);
    expect((await caller.contact.list({})).items.map((c) => c.id)).toEqual([holder.id]);
  });

  it("the namespace is case-insensitive for uniqueness", async () => {
    const { caller } = await h.workspace();
    const holder = await caller.contact.create({
      firstName: "Holder",
      externalRefs: [{ namespace: "Salesforce", id: "003A" }],
    });
    expect(holder.externalRefs).toEqual([{ namespace: "salesforce", id: "003A" }]);
    const contact = await caller.contact.create({ firstName: "Ada" });
    const error = await expectTRPCError(
      caller.contact.update({
        id: contact.id,
        data: { externalRefs: [{ namespace: "SALESFORCE", id: "003A" }] },
      }),
      "CONFLICT",
    );
    expect(error.message).toContain(holder.id);
  });

  it("the id is case-sensitive: 003A and 003a are different pairs", async () => {
    const { caller } = await h.workspace();
    const upper = await caller.contact.create({
      firstName: "Upper",
      externalRefs: [{ namespace: "salesforce", id: "003A" }],
    });
    const lower = await caller.contact.create({
      firstName: "Lower",
      externalRefs: [{ namespace: "salesforce", id: "003a" }],
    });
    expect((await caller.contact.findByExternalRef({ namespace: "salesforce", id: "003A" })).id).toBe(
      upper.id,
    );
    expect((await caller.contact.findByExternalRef({ namespace: "salesforce", id: "003a" })).id).toBe(
      lower.id,
    );
  });

  it("the same pair twice in one request is BAD_REQUEST", async () => {
    const { caller } = await h.workspace();
    const contact = await caller.contact.create({ firstName: "Ada" });
    const before = await snapshot(caller, contact.id);
    const paths = await badRequestPaths(
      caller.contact.update({
        id: contact.id,
        data: {
          externalRefs: [
            { namespace: "hubspot", id: "1" },
            { namespace: "salesforce", id: "9" },
            { namespace: "HubSpot", id: "1" },
          ],
        },
      }),
    );
    expect(paths).toEqual([["data", "externalRefs", 2]]);
    expect(await snapshot(caller, contact.id)).toEqual(before);
    await badRequestPaths(
      caller.contact.create({
        firstName: "Ada",
        externalRefs: [
          { namespace: "x", id: "1" },
          { namespace: "x", id: "1" },
        ],
      }),
    );
  });

  it("one contact may hold several ids in one namespace, and one id in several namespaces", async () => {
    const { caller } = await h.workspace();
    const refs = [
      { namespace: "salesforce", id: "1" },
      { namespace: "salesforce", id: "2" },
      { namespace: "hubspot", id: "1" },
    ];
    const created = await caller.contact.create({ firstName: "Ada", externalRefs: refs });
    expect(created.externalRefs).toEqual(refs);
  });

  it("keeping its own refs is not a conflict with itself", async () => {
    const { caller } = await h.workspace();
    const contact = await caller.contact.create({
      firstName: "Ada",
      externalRefs: [{ namespace: "salesforce", id: "1" }],
    });
    const result = await caller.contact.update({
      id: contact.id,
      data: {
        externalRefs: [
          { namespace: "hubspot", id: "2" },
          { namespace: "salesforce", id: "1" },
        ],
      },
    });
    expect(result.externalRefs).toEqual([
      { namespace: "hubspot", id: "2" },
      { namespace: "salesforce", id: "1" },
    ]);
  });

  it("a ref moves from A to B once A has dropped it", async () => {
    const { caller } = await h.workspace();
    const a = await caller.contact.create({ firstName: "A", externalRefs: [{ namespace: "crm", id: "7" }] });
    const b = await caller.contact.create({ firstName: "B" });
    await expectTRPCError(
      caller.contact.update({ id: b.id, data: { externalRefs: [{ namespace: "crm", id: "7" }] } }),
      "CONFLICT",
    );
    const dropped = await caller.contact.update({ id: a.id, data: { externalRefs: [] } });
    expect(dropped.externalRefs).toEqual([]);
    const moved = await caller.contact.update({
      id: b.id,
      data: { externalRefs: [{ namespace: "CRM", id: "7" }] },
    });
    expect(moved.externalRefs).toEqual([{ namespace: "crm", id: "7" }]);
    expect((await caller.contact.findByExternalRef({ namespace: "crm", id: "7" })).id).toBe(b.id);
    // …and A cannot take it back while B holds it.
    const error = await expectTRPCError(
      caller.contact.update({ id: a.id, data: { externalRefs: [{ namespace: "crm", id: "7" }] } }),
      "CONFLICT",
    );
    expect(error.message).toContain(b.id);
  });

  it("findByExternalRef: namespace in any case, id exact, unknown pair NOT_FOUND", async () => {
    const { caller } = await h.workspace();
    const contact = await caller.contact.create({
      firstName: "Ada",
      externalRefs: [{ namespace: "hub.spot_v2-eu", id: "Ab-9" }],
    });
    for (const namespace of ["hub.spot_v2-eu", "HUB.SPOT_V2-EU", "Hub.Spot_V2-Eu"]) {
      expect(await caller.contact.findByExternalRef({ namespace, id: "Ab-9" })).toEqual(contact);
    }
    await expectTRPCError(
      caller.contact.findByExternalRef({ namespace: "hub.spot_v2-eu", id: "ab-9" }),
      "NOT_FOUND",
    );
    await expectTRPCError(caller.contact.findByExternalRef({ namespace: "other", id: "Ab-9" }), "NOT_FOUND");
  });

  it("findByExternalRef validates its input like a write does", async () => {
    const { caller } = await h.workspace();
    expect(
      await badRequestPaths(caller.contact.findByExternalRef({ namespace: "has space", id: "1" })),
    ).toEqual([["namespace"]]);
    expect(await badRequestPaths(caller.contact.findByExternalRef({ namespace: "x", id: "" }))).toEqual([
      ["id"],
    ]);
  });
});
