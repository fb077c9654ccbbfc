// @vitest-environment node
import { type Actor, createCaller, createContextInner } from "@contacts/api";
import { type ContactPage, mapHeader } from "@contacts/contracts";
import type { DbConnection } from "@contacts/db";
import { createTestWorkspace, openTestDb } from "@contacts/db/testing";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportSettings } from "@/features/spreadsheets/check-row";
import type { Spreadsheet } from "@/features/spreadsheets/read-spreadsheet";
import { type ImportApi, lastRowOfKeys, runImport } from "@/features/spreadsheets/run-import";
import { contactsCsvStream } from "@/server/contacts-csv-stream";

/**
 * The import page's run and the export's stream, on a real database through the tRPC caller
 * (the procedures the browser calls): batches, companies by name, rows of one key collapsed
 * across batches, a rerun that writes nothing, Cancel, and an export that re-imports.
 */

let conn: DbConnection;
beforeAll(async () => {
  conn = await openTestDb();
}, 180_000);
afterAll(() => conn?.close());

async function workspace() {
  const ws = await createTestWorkspace(conn);
  const actor: Actor = { workspaceId: ws.id, type: "user", id: "u-1", name: "Importer", scopes: "all" };
  const caller = createCaller(createContextInner({ db: conn.db, actor }));
  const calls = { bulkUpsert: 0, ensure: 0 };
  const api: ImportApi = {
    ensureCompanies: (names) => {
      calls.ensure++;
      return caller.company.ensure({ names });
    },
    bulkUpsert: (items) => {
      calls.bulkUpsert++;
      return caller.contact.bulkUpsert({ items });
    },
  };
  return { caller, api, calls };
}

/** A spreadsheet held in memory (the page's reader streams a File the same way). */
const sheetOf = (header: string[], rows: string[][]): Spreadsheet => ({
  name: "test.csv",
  header,
  async *rows(size) {
    for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
  },
});

async function importSheet(
  sheet: Spreadsheet,
  settings: ImportSettings,
  api: ImportApi,
  cancelAfter?: number,
) {
  const { lastOf, total } = await lastRowOfKeys(sheet, settings);
  let progressed = 0;
  return runImport({
    sheet,
    settings,
    api,
    lastOf,
    total,
    cancelled: () => cancelAfter !== undefined && progressed >= cancelAfter,
    onProgress: () => {
      progressed++;
    },
  });
}

describe("runImport", () => {
  const header = ["HubSpot ID", "First Name", "Email", "Company", "Job Title"];
  const settings: ImportSettings = {
    columns: mapHeader(header).columns,
    mode: "upsert",
    namespace: "hubspot",
    emptyClears: false,
  };
  const rowsOf = (n: number) =>
    Array.from({ length: n }, (_, i) => [
      `h-${i}`,
      `Person ${i}`,
      `p${i}@example.com`,
      `Fund ${i % 3}`,
      "Analyst",
    ]);

  // Minutes on PGlite on a loaded machine while bulkUpsert writes one item at a time.
  it("sends 500 rows a call, resolves companies, collapses a key across batches, and a rerun changes nothing", {
    timeout: 600_000,
  }, async () => {
    const { caller, api, calls } = await workspace();
    const rows = rowsOf(1001);
    // Row 11 (index 9) again at the end, renamed: one contact, the last row's name.
    rows.push(["h-9", "Renamed", "p9@example.com", "Fund 0", "Partner"]);
    rows.push(["h-x", "Bad", "not-an-email", "", ""]);
    const sheet = sheetOf(header, rows);

    const first = await importSheet(sheet, settings, api);
    expect(first.counts).toEqual({ created: 1001, updated: 0, unchanged: 0, collapsed: 1, rejected: 1 });
    expect(first.collapsed).toEqual([{ row: 11, by: 1003 }]);
    expect(first.rejected).toEqual([
      { row: 1004, cells: rows[1002], reasons: "Email: Not a valid email address" },
    ]);
    expect(calls.bulkUpsert).toBe(3);
    expect(calls.ensure).toBe(3);
    const renamed = await caller.contact.findByExternalRef({ namespace: "hubspot", id: "h-9" });
    expect(renamed).toMatchObject({ firstName: "Renamed", version: 1 });
    expect(renamed.connections).toEqual([
      { company: { id: expect.any(String), name: "Fund 0" }, jobTitle: "Partner", primary: true },
    ]);
    expect((await caller.company.list({ limit: 10 })).items.map((c) => c.name)).toEqual([
      "Fund 0",
      "Fund 1",
      "Fund 2",
    ]);

    const again = await importSheet(sheet, settings, api);
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 1001, collapsed: 1, rejected: 1 });
    const history = await caller.contact.history({ id: renamed.id });
    expect(history.items).toHaveLength(1);
  });

  it("stops after the batches under way when cancelled", { timeout: 300_000 }, async () => {
    const { api } = await workspace();
    const result = await importSheet(sheetOf(header, rowsOf(1600)), settings, api, 1);
    expect(result.cancelled).toBe(true);
    // Cancel is seen before the third batch goes: at most two were in flight.
    expect(result.done).toBeGreaterThanOrEqual(500);
    expect(result.done).toBeLessThanOrEqual(1500);
    expect(result.counts.created).toBe(result.done);
  });

  it("sends a call again when told to (a rate limit), and nothing is lost or doubled", async () => {
    const { api, caller } = await workspace();
    let refusals = 0;
    const limited: ImportApi = {
      ...api,
      bulkUpsert: async (items) => {
        if (refusals++ < 2)
          throw Object.assign(new Error("Too many requests"), { data: { httpStatus: 429 } });
        return api.bulkUpsert(items);
      },
    };
    const sheet = sheetOf(header, rowsOf(600));
    const { lastOf, total } = await lastRowOfKeys(sheet, settings);
    const delays: number[] = [];
    const result = await runImport({
      sheet,
      settings,
      api: limited,
      lastOf,
      total,
      cancelled: () => false,
      onProgress: () => {},
      retryDelay: (err, attempt) => {
        if ((err as { data?: { httpStatus?: number } }).data?.httpStatus !== 429) return undefined;
        delays.push(attempt);
        return 1;
      },
    });
    // Two refusals, each followed by a wait (whichever of the two batches in flight got them).
    expect(delays).toHaveLength(2);
    expect(result.failure).toBeUndefined();
    expect(result.counts.created).toBe(600);
    expect((await caller.contact.list({ limit: 200 })).items).toHaveLength(200);
  });

  it("stops at a call that fails as a whole and says why", async () => {
    const { api } = await workspace();
    const failing: ImportApi = {
      ...api,
      bulkUpsert: async () => {
        throw new Error("Network down");
      },
    };
    const result = await importSheet(sheetOf(header, rowsOf(1500)), settings, failing);
    expect(result.failure).toBe("Network down");
    expect(result.cancelled).toBe(false);
    expect(result.done).toBeLessThan(1500);
  });
});

describe("the export stream", () => {
  it("pages through contact.list as it is read, and the file comes back as unchanged updates", async () => {
    const { caller, api } = await workspace();
    const { results } = await caller.contact.bulkUpsert({
      items: Array.from({ length: 450 }, (_, i) => ({
        data: { firstName: `Ex ${i}`, email: `ex${i}@example.com`, tags: i % 2 ? ["Odd"] : [] },
      })),
    });
    expect(results.every((r) => r.ok)).toBe(true);
    let pages = 0;
    const list = (cursor: string | null): Promise<ContactPage> => {
      pages++;
      return caller.contact.list({ tags: ["Odd"], limit: 100, cursor });
    };
    const stream = contactsCsvStream(await list(null), list);
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let chunk = await reader.read();
    // Nothing read ahead: the second page waits for the reader.
    expect(pages).toBe(1);
    for (; !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    expect(pages).toBe(3);

    const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    const [head, ...rows] = parsed;
    expect(rows.length).toBe(225);
    const exported = sheetOf(head!, rows);
    const columns = mapHeader(head!).columns;
    const back = await importSheet(
      exported,
      { columns, mode: "update", namespace: "", emptyClears: true },
      api,
    );
    expect(back.counts).toEqual({ created: 0, updated: 0, unchanged: 225, collapsed: 0, rejected: 0 });
  });
});
