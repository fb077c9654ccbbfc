import { CompanyContactsPage, CompanyWriteResult, HistoryPage } from "@contacts/contracts";
import { queryRows } from "@contacts/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import {
  badRequestPaths,
  type Caller,
  callerAs,
  domainCauseOf,
  existing,
  expectTRPCError,
  issuesOf,
} from "./support/contract";
import { useHarness } from "./support/harness";

/**
 * Companies are records (docs/api.md §6.8): domain, rename, version, history, delete only
 * when no contact is connected, the company's contacts, the duplicate-name warning, and
 * workspace isolation. Real database: PGlite, or PostgreSQL with TEST_DATABASE_URL.
 */

const h = useHarness();

/** Every row a company write could touch in a workspace, to show a refused one touched none. */
async function stateOf(workspaceId: string) {
  const [row] = await queryRows<Record<string, unknown>>(
    h.db,
    sql`select
      (select json_agg(json_build_object('id', id, 'name', name, 'domain', domain, 'version', version,
         'updatedAt', updated_at) order by id) from companies where workspace_id = ${workspaceId}) as companies,
      (select count(*)::int from company_history where workspace_id = ${workspaceId}) as history,
      (select count(*)::int from contact_connections where workspace_id = ${workspaceId}) as connections`,
  );
  return row;
}

const history = async (caller: Caller, id: string) =>
  (await caller.company.history({ id, limit: 200 })).items;

describe("company domain", () => {
  it("keeps the lower-case host of a domain or website address, without www.", async () => {
    const { caller } = await h.workspace();
    const cases: [string, string][] = [
      ["aurora.se", "aurora.se"],
      ["  Aurora.SE  ", "aurora.se"],
      ["www.aurora.se", "aurora.se"],
      ["https://www.Aurora.se/en/investors?x=1#top", "aurora.se"],
      ["http://ir.aurora.se:8080", "ir.aurora.se"],
      ["aurora.se/ir", "aurora.se"],
      ["aurora.se.", "aurora.se"],
      ["https://user:pw@aurora.co.uk/", "aurora.co.uk"],
      ["https://bücher.de", "xn--bcher-kva.de"],
    ];
    for (const [given, stored] of cases) {
      const company = await caller.company.create({ name: "Aurora", domain: given });
      expect(company.domain, given).toBe(stored);
      expect((await caller.company.get({ id: company.id })).domain).toBe(stored);
    }
  });

  it("empty, blank or null is no domain", async () => {
    const { caller } = await h.workspace();
    for (const domain of ["", "   ", null]) {
      expect((await caller.company.create({ name: "Aurora", domain })).domain).toBeNull();
    }
  });

  it("refuses what is not a domain with 400 at [domain], and writes nothing", async () => {
    const { caller, ws } = await h.workspace();
    const before = await stateOf(ws.id);
    for (const domain of [
      "aurora",
      "not a domain",
      "ftp://aurora.se",
      "mailto:ir@aurora.se",
      "ir@aurora.se",
      "javascript:alert(1)",
      "-aurora.se",
      "aurora-.se",
      "auro_ra.se",
      "192.168.0.1",
      "aurora.123",
      "https://",
    ]) {
      expect(await badRequestPaths(caller.company.create({ name: "Aurora", domain })), domain).toEqual([
        ["domain"],
      ]);
    }
    // @ts-expect-error a number is what this test sends
    expect(await badRequestPaths(caller.company.create({ name: "Aurora", domain: 5 }))).toEqual([["domain"]]);
    expect(await stateOf(ws.id)).toEqual(before);
  });

  it("length boundaries: a label of 63 and a domain of 253 characters; 64 and 254 refused", async () => {
    const { caller } = await h.workspace();
    const label63 = "a".repeat(63);
    expect((await caller.company.create({ name: "L", domain: `${label63}.se` })).domain).toBe(
      `${label63}.se`,
    );
    const error = await expectTRPCError(
      caller.company.create({ name: "L", domain: `a${label63}.se` }),
      "BAD_REQUEST",
    );
    expect(issuesOf(error)).toEqual([
      { path: ["domain"], message: "Each part of a domain name is at most 63 characters" },
    ]);
    // Labels of 62, 62, 62 and 61 characters, ".se" and 3 more dots: 253 characters.
    const long253 = `${["b", "c", "d"].map((c) => c.repeat(62)).join(".")}.${"e".repeat(61)}.se`;
    expect(long253).toHaveLength(253);
    expect((await caller.company.create({ name: "L", domain: long253 })).domain).toBe(long253);
    const long254 = `x${long253}`;
    const tooLong = await expectTRPCError(
      caller.company.create({ name: "L", domain: long254 }),
      "BAD_REQUEST",
    );
    expect(issuesOf(tooLong)).toEqual([{ path: ["domain"], message: "At most 253 characters" }]);
    // A website address of 2000 characters is read; 2001 is refused before it is parsed.
    const url2000 = `https://aurora.se/${"p".repeat(2000 - "https://aurora.se/".length)}`;
    expect((await caller.company.create({ name: "L", domain: url2000 })).domain).toBe("aurora.se");
    expect(await badRequestPaths(caller.company.create({ name: "L", domain: `${url2000}p` }))).toEqual([
      ["domain"],
    ]);
  });
});

describe("company.update", () => {
  it("renames, sets and clears the domain; omitted fields stay; each write bumps the version", async () => {
    const { caller } = await h.workspace();
    const created = await caller.company.create({ name: "Aurora", domain: "aurora.se" });
    const renamed = await caller.company.update({ id: created.id, data: { name: "  Aurora Capital " } });
    expect(CompanyWriteResult.parse(renamed)).toEqual(renamed);
    expect(renamed).toMatchObject({ name: "Aurora Capital", domain: "aurora.se", version: 2, warnings: [] });
    expect(renamed.createdAt).toBe(created.createdAt);
    expect(renamed.updatedAt >= created.updatedAt).toBe(true);
    const moved = await caller.company.update({ id: created.id, data: { domain: "https://aurora.com/" } });
    expect(moved).toMatchObject({ name: "Aurora Capital", domain: "aurora.com", version: 3 });
    const cleared = await caller.company.update({ id: created.id, data: { domain: null } });
    expect(cleared).toMatchObject({ domain: null, version: 4 });
    const blank = await caller.company.update({ id: created.id, data: { domain: "aurora.se" } });
    expect((await caller.company.update({ id: created.id, data: { domain: "" } })).domain).toBeNull();
    expect(blank.version).toBe(5);
    const { warnings, ...stored } = await caller.company.update({ id: created.id, data: {} });
    expect(warnings).toEqual([]);
    expect(await caller.company.get({ id: created.id })).toEqual(stored);
  });

  it("a contact's connection shows the new name", async () => {
    const { caller } = await h.workspace();
    const company = await caller.company.create({ name: "Aurora" });
    const contact = await caller.contact.create({
      firstName: "Ada",
      connections: [{ company: existing(company.id), primary: true }],
    });
    await caller.company.update({ id: company.id, data: { name: "Aurora Capital" } });
    expect((await caller.contact.get({ id: contact.id })).connections[0]?.company).toEqual({
      id: company.id,
      name: "Aurora Capital",
    });
  });

  it("a write that changes nothing writes nothing: same version, no history entry", async () => {
    const { caller } = await h.workspace();
    const created = await caller.company.create({ name: "Aurora", domain: "aurora.se" });
    const same = await caller.company.update({
      id: created.id,
      data: { name: " Aurora ", domain: "https://www.aurora.se/" },
    });
    expect(same).toMatchObject({ version: 1, updatedAt: created.updatedAt });
    expect(await history(caller, created.id)).toHaveLength(1);
    // Case is part of the name: changing it is a rename.
    expect((await caller.company.update({ id: created.id, data: { name: "AURORA" } })).version).toBe(2);
  });

  it("name: 1 and 200 characters accepted; empty, blank, null and 201 refused at [data, name]", async () => {
    const { caller, ws } = await h.workspace();
    const company = await caller.company.create({ name: "Aurora" });
    const max = "n".repeat(200);
    expect((await caller.company.update({ id: company.id, data: { name: "X" } })).name).toBe("X");
    expect((await caller.company.update({ id: company.id, data: { name: ` ${max} ` } })).name).toBe(max);
    const before = await stateOf(ws.id);
    for (const name of ["", "   ", `${max}n`, null]) {
      // @ts-expect-error null is what this test sends
      expect(await badRequestPaths(caller.company.update({ id: company.id, data: { name } }))).toEqual([
        ["data", "name"],
      ]);
    }
    expect(
      await badRequestPaths(caller.company.update({ id: company.id, data: { domain: "nope" } })),
    ).toEqual([["data", "domain"]]);
    expect(
      // @ts-expect-error an unknown key is what this test sends
      await badRequestPaths(caller.company.update({ id: company.id, data: { website: "aurora.se" } })),
    ).toEqual([["data", "website"]]);
    expect(
      await badRequestPaths(caller.company.update({ id: company.id, data: {}, expectedVersion: 0 })),
    ).toEqual([["expectedVersion"]]);
    expect(await stateOf(ws.id)).toEqual(before);
  });

  it("a stale expectedVersion is CONFLICT STALE_VERSION with the current version; nothing written", async () => {
    const { caller, ws } = await h.workspace();
    const company = await caller.company.create({ name: "Aurora" });
    await caller.company.update({ id: company.id, data: { name: "Aurora 2" }, expectedVersion: 1 });
    const before = await stateOf(ws.id);
    const error = await expectTRPCError(
      caller.company.update({ id: company.id, data: { name: "Aurora 3" }, expectedVersion: 1 }),
      "CONFLICT",
    );
    const cause = domainCauseOf(error);
    expect(cause.reason).toBe("STALE_VERSION");
    expect(cause.details).toEqual({ currentVersion: 2 });
    expect(error.message).toContain("version 2");
    expect(await stateOf(ws.id)).toEqual(before);
    expect(
      (await caller.company.update({ id: company.id, data: { name: "Aurora 3" }, expectedVersion: 2 }))
        .version,
    ).toBe(3);
  });

  it("an unknown id is NOT_FOUND (COMPANY_NOT_FOUND)", async () => {
    const { caller } = await h.workspace();
    const error = await expectTRPCError(
      caller.company.update({ id: "nope", data: { name: "X" } }),
      "NOT_FOUND",
    );
    expect(domainCauseOf(error).reason).toBe("COMPANY_NOT_FOUND");
  });

  it("concurrent renames each bump the version once and each leave one history entry", async () => {
    const { caller } = await h.workspace();
    const company = await caller.company.create({ name: "Aurora" });
    const names = Array.from({ length: 6 }, (_, i) => `Aurora ${i}`);
    const results = await Promise.all(
      names.map((name) => caller.company.update({ id: company.id, data: { name } })),
    );
    expect(results.map((r) => r.version).sort()).toEqual([2, 3, 4, 5, 6, 7]);
    const entries = await history(caller, company.id);
    expect(entries).toHaveLength(7);
    // Each entry's `from` is the previous entry's `to`: no write read a stale name.
    const chain = [...entries].reverse().map((e) => e.changes.name);
    for (let i = 1; i < chain.length; i++) expect(chain[i]?.from).toBe(chain[i - 1]?.to);
  });
});

describe("duplicate names are warned about, not refused", () => {
  it("create and update warn naming the others with their domains; case-insensitive", async () => {
    const { caller } = await h.workspace();
    const first = await caller.company.create({ name: "New Ventures AB", domain: "newventures.se" });
    expect(first.warnings).toEqual([]);
    const second = await caller.company.create({ name: "new ventures ab" });
    expect(second.warnings).toEqual([
      {
        code: "DUPLICATE_NAME",
        message: 'Another company in this workspace is named "new ventures ab": tell them apart by domain',
        companies: [{ id: first.id, name: "New Ventures AB", domain: "newventures.se" }],
      },
    ]);
    const other = await caller.company.create({ name: "Other AB" });
    const renamed = await caller.company.update({ id: other.id, data: { name: "NEW VENTURES AB" } });
    expect(renamed.warnings[0]?.message).toBe(
      '2 other companies in this workspace are named "NEW VENTURES AB": tell them apart by domain',
    );
    expect(renamed.warnings[0]?.companies.map((c) => c.id)).toEqual([first.id, second.id]);
    // The list tells them apart by domain.
    const listed = await caller.company.list({ search: "new ventures" });
    expect(listed.items.map((c) => [c.name, c.domain])).toEqual([
      ["New Ventures AB", "newventures.se"],
      ["new ventures ab", null],
      ["NEW VENTURES AB", null],
    ]);
  });

  it("another workspace's company of the same name is not mentioned", async () => {
    const a = await h.workspace("A");
    const b = await h.workspace("B");
    await a.caller.company.create({ name: "Aurora" });
    expect((await b.caller.company.create({ name: "Aurora" })).warnings).toEqual([]);
  });
});

describe("company.delete", () => {
  it("deletes a company no contact is connected to, and records it", async () => {
    const { caller } = await h.workspace();
    const company = await caller.company.create({ name: "Aurora" });
    const deleted = await caller.company.delete({ id: company.id });
    expect(deleted).toEqual({ id: company.id, deletedAt: expect.any(String) });
    await expectTRPCError(caller.company.get({ id: company.id }), "NOT_FOUND");
    expect((await caller.company.list({})).items).toEqual([]);
    // Its history stays readable, the deletion first.
    const entries = await history(caller, company.id);
    expect(entries.map((e) => e.type)).toEqual(["company.deleted", "company.created"]);
    expect(entries[0]).toMatchObject({
      at: deleted.deletedAt,
      actor: { type: "api_key", name: "test key" },
      changes: { deletedAt: { from: null, to: deleted.deletedAt } },
    });
    const again = await expectTRPCError(caller.company.delete({ id: company.id }), "NOT_FOUND");
    expect(domainCauseOf(again).reason).toBe("COMPANY_NOT_FOUND");
    await expectTRPCError(caller.company.update({ id: company.id, data: { name: "Back" } }), "NOT_FOUND");
    await expectTRPCError(caller.company.contacts({ id: company.id }), "NOT_FOUND");
  });

  it("is refused while contacts are connected: 409 COMPANY_IN_USE naming them; nothing written", async () => {
    const { caller, ws } = await h.workspace();
    const company = await caller.company.create({ name: "Aurora" });
    const contacts = [];
    for (const [firstName, lastName, email] of [
      ["Ada", "Lovelace", null],
      [null, null, "ir@fund.example"],
      ["Bo", null, null],
      ["Cy", "D", null],
      ["Di", "E", null],
      ["Ek", "F", null],
      ["Fa", "G", null],
    ] as const) {
      contacts.push(
        await caller.contact.create({
          firstName,
          lastName,
          email,
          connections: [{ company: existing(company.id), primary: true }],
        }),
      );
    }
    const before = await stateOf(ws.id);
    const error = await expectTRPCError(caller.company.delete({ id: company.id }), "CONFLICT");
    const cause = domainCauseOf(error);
    expect(cause.reason).toBe("COMPANY_IN_USE");
    expect(cause.details).toEqual({
      contactCount: 7,
      contacts: contacts.slice(0, 5).map((c) => ({
        id: c.id,
        name: [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email,
        deleted: false,
      })),
    });
    expect(error.message).toBe(
      "The company is connected to 7 contacts (Ada Lovelace, ir@fund.example, Bo, Cy D, Di E and 2 more): disconnect them before deleting the company",
    );
    expect(await stateOf(ws.id)).toEqual(before);
  });

  it("a contact in the bin still holds its connection (a restore brings it back): named, marked deleted", async () => {
    const { caller } = await h.workspace();
    const company = await caller.company.create({ name: "Aurora" });
    const contact = await caller.contact.create({
      firstName: "Ada",
      connections: [{ company: existing(company.id), primary: true }],
    });
    await caller.contact.delete({ id: contact.id });
    const error = await expectTRPCError(caller.company.delete({ id: company.id }), "CONFLICT");
    expect(domainCauseOf(error).details).toEqual({
      contactCount: 1,
      contacts: [{ id: contact.id, name: "Ada", deleted: true }],
    });
    expect(error.message).toBe(
      "The company is connected to 1 contact (Ada (deleted)): disconnect it before deleting the company",
    );
    // Once the contact is erased its connections are gone, and so is the refusal.
    await caller.contact.erase({ id: contact.id });
    expect((await caller.company.delete({ id: company.id })).id).toBe(company.id);
  });

  it("works once the last contact is disconnected", async () => {
    const { caller } = await h.workspace();
    const company = await caller.company.create({ name: "Aurora" });
    const contact = await caller.contact.create({
      firstName: "Ada",
      connections: [{ company: existing(company.id), primary: true }],
    });
    await expectTRPCError(caller.company.delete({ id: company.id }), "CONFLICT");
    await caller.contact.update({ id: contact.id, data: { connections: null } });
    expect((await caller.company.delete({ id: company.id })).id).toBe(company.id);
    // A connection to the deleted company is now an unknown company.
    const error = await expectTRPCError(
      caller.contact.update({
        id: contact.id,
        data: { connections: [{ company: existing(company.id), primary: true }] },
      }),
      "BAD_REQUEST",
    );
    expect(issuesOf(error).map((i) => i.path)).toEqual([["data", "connections", 0, "company", "id"]]);
  });
});

describe("company.delete racing a contact that connects to the company", () => {
  it("either the delete is refused and the connection stays, or the delete wins and the write is UNKNOWN_COMPANY", async () => {
    const { caller, ws } = await h.workspace();
    const outcomes = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const company = await caller.company.create({ name: `Race ${round}` });
      const contact = await caller.contact.create({ firstName: `Racer ${round}` });
      const [deleted, connected] = await Promise.allSettled([
        caller.company.delete({ id: company.id }),
        caller.contact.update({
          id: contact.id,
          data: { connections: [{ company: existing(company.id), primary: true }] },
        }),
      ]);
      const stored = await caller.contact.get({ id: contact.id });
      if (deleted.status === "fulfilled") {
        // The delete went first: the connection found no company (never a 500, never dangling).
        expect(connected.status).toBe("rejected");
        const error = (connected as PromiseRejectedResult).reason;
        expect(domainCauseOf(error).reason).toBe("UNKNOWN_COMPANY");
        expect(stored.connections).toEqual([]);
        outcomes.add("deleted");
      } else {
        expect(domainCauseOf(deleted.reason).reason).toBe("COMPANY_IN_USE");
        expect(connected.status).toBe("fulfilled");
        expect(stored.connections.map((c) => c.company.id)).toEqual([company.id]);
        outcomes.add("refused");
      }
    }
    expect(outcomes.size).toBeGreaterThan(0);
    const [dangling] = await queryRows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from contact_connections cc
          where cc.workspace_id = ${ws.id}
            and not exists (select 1 from companies c where c.workspace_id = cc.workspace_id and c.id = cc.company_id)`,
    );
    expect(dangling?.n).toBe(0);
  });
});

describe("company.contacts", () => {
  it("lists connected live contacts with their title and primary flag, newest first, in pages", async () => {
    const { caller } = await h.workspace();
    const aurora = await caller.company.create({ name: "Aurora" });
    const other = await caller.company.create({ name: "Other" });
    const made = [];
    for (let i = 0; i < 7; i++) {
      const primaryHere = i % 2 === 0;
      made.push(
        await caller.contact.create({
          firstName: `P${i}`,
          email: `p${i}@example.com`,
          connections: [
            { company: existing(other.id), primary: !primaryHere, jobTitle: "Board" },
            {
              company: existing(aurora.id),
              primary: primaryHere,
              jobTitle: i === 3 ? null : ` Analyst ${i} `,
            },
          ],
        }),
      );
    }
    await caller.contact.create({
      firstName: "Elsewhere",
      connections: [{ company: existing(other.id), primary: true }],
    });
    const binned = await caller.contact.create({
      firstName: "Binned",
      connections: [{ company: existing(aurora.id), primary: true }],
    });
    await caller.contact.delete({ id: binned.id });

    const seen = [];
    let cursor: string | null = null;
    const sizes = [];
    for (let guard = 0; guard < 10; guard++) {
      const page: CompanyContactsPage = await caller.company.contacts({ id: aurora.id, limit: 3, cursor });
      expect(CompanyContactsPage.parse(page)).toEqual(page);
      sizes.push(page.items.length);
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(
      [...made].reverse().map((c) => {
        const i = Number(c.firstName?.slice(1));
        return {
          id: c.id,
          firstName: c.firstName,
          lastName: null,
          email: c.email,
          jobTitle: i === 3 ? null : `Analyst ${i}`,
          primary: i % 2 === 0,
        };
      }),
    );
    expect((await caller.company.contacts({ id: other.id })).items).toHaveLength(8);
  });

  it("an empty company answers an empty page; bad input is 400 at its key", async () => {
    const { caller } = await h.workspace();
    const company = await caller.company.create({ name: "Aurora" });
    expect(await caller.company.contacts({ id: company.id })).toEqual({ items: [], nextCursor: null });
    expect(await badRequestPaths(caller.company.contacts({ id: company.id, limit: 201 }))).toEqual([
      ["limit"],
    ]);
    expect(await badRequestPaths(caller.company.contacts({ id: company.id, limit: 0 }))).toEqual([["limit"]]);
    expect(await badRequestPaths(caller.company.contacts({ id: company.id, cursor: "x" }))).toEqual([
      ["cursor"],
    ]);
    expect((await caller.company.contacts({ id: company.id, limit: 200 })).items).toEqual([]);
  });
});

describe("company.history", () => {
  it("records who created and changed what, from and to, newest first, in pages", async () => {
    const { caller, actor } = await h.workspace();
    const person: Actor = { ...actor, type: "user", id: "u-1", name: "Ada Admin" };
    const created = await caller.company.create({ name: "Aurora", domain: "aurora.se" });
    await callerAs(h, person).company.update({ id: created.id, data: { name: "Aurora Capital" } });
    await caller.company.update({ id: created.id, data: { domain: null, name: "Aurora Capital AB" } });
    const page = await caller.company.history({ id: created.id });
    expect(HistoryPage.parse(page)).toEqual(page);
    expect(page.items.map(({ type, actor, changes }) => ({ type, actor, changes }))).toEqual([
      {
        type: "company.updated",
        actor: { type: "api_key", id: actor.id, name: "test key" },
        changes: {
          name: { from: "Aurora Capital", to: "Aurora Capital AB" },
          domain: { from: "aurora.se", to: null },
        },
      },
      {
        type: "company.updated",
        actor: { type: "user", id: "u-1", name: "Ada Admin" },
        changes: { name: { from: "Aurora", to: "Aurora Capital" } },
      },
      {
        type: "company.created",
        actor: { type: "api_key", id: actor.id, name: "test key" },
        changes: { name: { from: null, to: "Aurora" }, domain: { from: null, to: "aurora.se" } },
      },
    ]);
    const latest = await caller.company.get({ id: created.id });
    expect(page.items[0]?.at).toBe(latest.updatedAt);
    expect(page.items[2]?.at).toBe(created.createdAt);

    const first = await caller.company.history({ id: created.id, limit: 2 });
    expect(first.items).toEqual(page.items.slice(0, 2));
    const rest = await caller.company.history({ id: created.id, limit: 2, cursor: first.nextCursor });
    expect(rest).toEqual({ items: page.items.slice(2), nextCursor: null });
  });

  it("an unknown id is NOT_FOUND", async () => {
    const { caller } = await h.workspace();
    await expectTRPCError(caller.company.history({ id: "nope" }), "NOT_FOUND");
  });

  it("company.ensure records the companies it creates, not those it finds", async () => {
    const { caller } = await h.workspace();
    const existing = await caller.company.create({ name: "Aurora" });
    const { companies } = await caller.company.ensure({ names: ["aurora", "Borealis", "Cirrus"] });
    expect(companies.map((c) => c.created)).toEqual([false, true, true]);
    expect((await history(caller, existing.id)).map((e) => e.type)).toEqual(["company.created"]);
    for (const made of companies.filter((c) => c.created)) {
      const entries = await history(caller, made.id);
      expect(entries.map(({ type, changes }) => ({ type, changes }))).toEqual([
        { type: "company.created", changes: { name: { from: null, to: made.name } } },
      ]);
      const company = await caller.company.get({ id: made.id });
      expect(company).toMatchObject({ version: 1, domain: null, updatedAt: company.createdAt });
      expect(entries[0]?.at).toBe(company.createdAt);
    }
  });
});

describe("ids of another workspace are NOT_FOUND, exactly as ids that do not exist", () => {
  it("get, update, delete, contacts, history; nothing of the other workspace changes", async () => {
    const a = await h.workspace("A");
    const b = await h.workspace("B");
    const company = await a.caller.company.create({ name: "Aurora of A", domain: "aurora.se" });
    await a.caller.contact.create({
      firstName: "Ada",
      connections: [{ company: existing(company.id), primary: true }],
    });
    const before = await stateOf(a.ws.id);
    const calls: [string, (id: string) => Promise<unknown>][] = [
      ["get", (id) => b.caller.company.get({ id })],
      ["update", (id) => b.caller.company.update({ id, data: { name: "Taken over" } })],
      [
        "update with version",
        (id) => b.caller.company.update({ id, data: { name: "X" }, expectedVersion: 1 }),
      ],
      ["delete", (id) => b.caller.company.delete({ id })],
      ["contacts", (id) => b.caller.company.contacts({ id })],
      ["history", (id) => b.caller.company.history({ id })],
    ];
    for (const [name, call] of calls) {
      const foreign = await expectTRPCError(call(company.id), "NOT_FOUND");
      const missing = await expectTRPCError(call("does-not-exist"), "NOT_FOUND");
      expect(foreign.message, name).toBe(missing.message);
      expect(domainCauseOf(foreign).reason, name).toBe("COMPANY_NOT_FOUND");
    }
    expect(await stateOf(a.ws.id)).toEqual(before);
  });

  it("a deleted company's history is NOT_FOUND from another workspace", async () => {
    const a = await h.workspace("A");
    const b = await h.workspace("B");
    const company = await a.caller.company.create({ name: "Gone" });
    await a.caller.company.delete({ id: company.id });
    expect(await history(a.caller, company.id)).toHaveLength(2);
    await expectTRPCError(b.caller.company.history({ id: company.id }), "NOT_FOUND");
  });
});
