import { readFile } from "node:fs/promises";
import { EXPORT_COLUMNS } from "@contacts/contracts";
import { type Download, expect, type Page, test } from "@playwright/test";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { createContact, open, signIn } from "./support/app";

const CSV = "text/csv";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A run's own suffix, so the contacts of this spec never meet another's. */
const runId = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const csvText = (rows: string[][]) => `${Papa.unparse(rows, { newline: "\r\n" })}\r\n`;

/** A downloaded CSV as rows, without the byte order mark the app writes for Excel. */
async function downloadedRows(download: Download): Promise<string[][]> {
  const text = (await readFile(await download.path())).toString("utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  return Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
}

async function chooseFile(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.getByLabel("Spreadsheet file (CSV or Excel .xlsx)").setInputFiles({ name, mimeType, buffer });
  await expect(page.getByRole("heading", { name: "Preview" })).toBeVisible();
}

async function runImport(page: Page) {
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeFocused();
}

async function expectCounts(page: Page, counts: Record<string, number>) {
  for (const [key, value] of Object.entries(counts)) {
    await expect(page.getByTestId(`count-${key}`), key).toHaveText(value.toLocaleString("en"));
  }
}

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("imports a CRM's CSV: auto-mapped, previewed, good rows in, bad rows downloadable with reasons", async ({
  page,
}) => {
  const id = runId();
  const last = `Imp${id}`;
  const company = `Import Co ${id}`;
  const header = [
    "First Name",
    "Last Name",
    "E-mail Address",
    "Company",
    "Job Title",
    "HubSpot ID",
    "Phone Number",
  ];
  const rows = [
    ["Ada", last, `ada-${id}@import.test`, company, "CFO", `h${id}-1`, "+46701234567"],
    ["Bo", last, "not-an-email", "", "", `h${id}-2`, ""],
    ["Cy", last, `cy-${id}@import.test`, "", "", `h${id}-3`, "12345"],
    ["Dee", last, `dee-${id}@import.test`, company, "Analyst", `h${id}-4`, ""],
    // The same HubSpot id as the first row: the rows collapse, the last one wins.
    ["Ada", last, `ada2-${id}@import.test`, company, "CEO", `h${id}-1`, ""],
    // No name and no email: only the server can tell (the reference might exist), and does.
    ["", "", "", "", "", `h${id}-5`, ""],
    ["Eve", last, `eve-${id}@import.test`, "", "Director", `h${id}-6`, ""],
  ];
  await open(page, "/contacts");
  await page.getByRole("link", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import contacts", level: 1 })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await chooseFile(page, "hubspot.csv", CSV, Buffer.from(csvText([header, ...rows])));

  // Auto-mapping of the CRM's headers, the upsert mode and its namespace from "HubSpot ID".
  await expect(page.getByLabel("First Name")).toHaveValue("firstName");
  await expect(page.getByLabel("E-mail Address")).toHaveValue("email");
  await expect(page.getByLabel("Company", { exact: true })).toHaveValue("company");
  await expect(page.getByLabel("Job Title")).toHaveValue("jobTitle");
  await expect(page.getByLabel("HubSpot ID")).toHaveValue("externalId");
  await expect(page.getByLabel("Phone Number")).toHaveValue("phone");
  await expect(page.getByLabel("Update or create by an external id")).toBeChecked();
  await expect(page.getByLabel("Namespace of the external ids")).toHaveValue("hubspot");
  await expect(page.getByLabel("Empty cells clear their field")).not.toBeChecked();

  // The preview: each row's result, the problems beside the cell they come from.
  const preview = page.getByTestId("preview-row");
  await expect(preview).toHaveCount(7);
  await expect(preview.nth(0)).toContainText(`Updates or creates hubspot:h${id}-1, at ${company}`);
  await expect(preview.nth(1).getByRole("cell").filter({ hasText: "not-an-email" })).toContainText(
    "Not a valid email address",
  );
  await expect(preview.nth(2).getByRole("cell").filter({ hasText: "12345" })).toContainText(
    "Not a valid phone number",
  );
  await expect(preview.nth(6).getByRole("cell").filter({ hasText: "Director" })).toContainText(
    "A job title needs a company",
  );
  await expect(preview.nth(6)).toContainText("Rejected");

  await runImport(page);
  await expectCounts(page, { created: 2, updated: 0, unchanged: 0, collapsed: 1, rejected: 4 });
  await page.getByText(/Rows that named a contact again \(1\)/).click();
  await expect(page.getByText("Row 2: replaced by row 6")).toBeVisible();

  // The rejected rows, as they were, with their reasons.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download rejected rows" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("hubspot-rejected.csv");
  const rejected = await downloadedRows(download);
  expect(rejected[0]).toEqual([...header, "reasons"]);
  expect(rejected.slice(1).map((r) => r.slice(0, -1))).toEqual([rows[1], rows[2], rows[5], rows[6]]);
  const reasons = rejected.slice(1).map((r) => r.at(-1));
  expect(reasons[0]).toBe("Email: Not a valid email address");
  expect(reasons[1]).toMatch(/^Phone: Not a valid phone number/);
  expect(reasons[2]).toMatch(/needs a first name, a last name or an email/);
  expect(reasons[3]).toBe("Job title: A job title needs a company");

  // The contacts in the list: the last of the collapsed rows, with its company and job title.
  await page.getByRole("link", { name: "See the contacts" }).click();
  await page.getByLabel("Search").fill(last);
  const listed = page.getByTestId("contact-row");
  await expect(listed).toHaveCount(2);
  await expect(listed.filter({ hasText: "Ada" })).toContainText(`ada2-${id}@import.test`);
  // The list shows the primary company and the title in columns of their own.
  await expect(listed.filter({ hasText: "Ada" })).toContainText(company);
  await expect(listed.filter({ hasText: "Ada" })).toContainText("CEO");
  await expect(listed.filter({ hasText: "Dee" })).toContainText(company);
  await expect(listed.filter({ hasText: "Dee" })).toContainText("Analyst");
});

test("imports an Excel workbook", async ({ page }) => {
  const id = runId();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Contacts");
  sheet.addRow(["firstName", "lastName", "email", "tags", "blocked"]);
  // Tags and addresses of its own: other specs count the shared workspace's "example" contacts.
  sheet.addRow(["Xena", `Xlsx${id}`, `xena-${id}@xlsx.test`, `Tier 1; X${id}`, "no"]);
  sheet.addRow(["Yann", `Xlsx${id}`, `yann-${id}@xlsx.test`, "", "yes"]);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

  await open(page, "/contacts/import");
  await chooseFile(page, "contacts.xlsx", XLSX, buffer);
  await expect(page.getByLabel("Create a new contact for each row")).toBeChecked();
  await expect(page.getByTestId("preview-row")).toHaveCount(2);
  await runImport(page);
  await expectCounts(page, { created: 2, rejected: 0 });
  await expect(page.getByRole("button", { name: "Download rejected rows" })).toHaveCount(0);

  await open(page, "/contacts");
  await page.getByLabel("Search").fill(`Xlsx${id}`);
  const listed = page.getByTestId("contact-row");
  await expect(listed).toHaveCount(2);
  await expect(listed.filter({ hasText: "Xena" })).toContainText(`Tier 1 · X${id}`);
  await expect(listed.filter({ hasText: "Yann" })).toContainText("Blocked");
});

test("exports the filtered list as CSV, and the edited file comes back as an update", async ({ page }) => {
  const tag = `Export ${runId()}`;
  const made = [
    await createContact(page, { tags: [tag], phone: "+46701234567" }),
    await createContact(page, { tags: [tag] }),
    await createContact(page, { tags: [tag], strategy: "Long only" }),
  ];
  await open(page, "/contacts");
  await page.getByRole("textbox", { name: "Tags" }).fill(tag);
  await expect(page.getByTestId("contact-row")).toHaveCount(3);
  await expect(page.getByRole("region", { name: "Results" })).toHaveAttribute("aria-busy", "false");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /Export CSV/ }).click();
  const rows = await downloadedRows(await downloading);
  expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
  const data = rows.slice(1);
  const col = (name: string) => EXPORT_COLUMNS.indexOf(name as (typeof EXPORT_COLUMNS)[number]);
  expect(data.map((r) => r[col("id")]).sort()).toEqual(made.map((c) => c.id).sort());
  const first = data.find((r) => r[col("id")] === made[0]!.id)!;
  expect(first[col("phone")]).toBe("+46701234567");
  expect(first[col("tags")]).toBe(JSON.stringify([tag]));
  expect(first[col("version")]).toBe("1");

  // The round trip: one cell edited, one emptied; the third row untouched.
  first[col("firstName")] = "Edited";
  const third = data.find((r) => r[col("id")] === made[2]!.id)!;
  third[col("strategy")] = "";
  await open(page, "/contacts/import");
  await chooseFile(page, "export.csv", CSV, Buffer.from(`\uFEFF${csvText([rows[0]!, ...data])}`));
  await expect(page.getByLabel("Update contacts by their id (a file exported from here)")).toBeChecked();
  await expect(page.getByLabel("Empty cells clear their field")).toBeChecked();
  await runImport(page);
  await expectCounts(page, { created: 0, updated: 2, unchanged: 1, rejected: 0 });

  await open(page, `/contacts/${made[0]!.id}`);
  await expect(page.getByLabel("First name")).toHaveValue("Edited");
  // A filter the list would refuse is a 400 naming it, before any byte of a file.
  const refused = await page.request.get(`/api/contacts/export?search=${"x".repeat(201)}`);
  expect(refused.status()).toBe(400);
  expect(await refused.text()).toContain("search: At most 200 characters");
  await open(page, `/contacts/${made[2]!.id}`);
  await expect(page.getByLabel("Strategy")).toHaveValue("");
});

/**
 * The time to import 10,000 rows through the page (opt-in: IMPORT_BENCH_ROWS=10000), printed
 * for docs/performance.md: from the Import click to the summary, file reading and checking
 * included.
 */
test("imports a large file (timed; IMPORT_BENCH_ROWS)", async ({ page }) => {
  const count = Number(process.env.IMPORT_BENCH_ROWS ?? 0);
  test.skip(!count, "set IMPORT_BENCH_ROWS to time an import of that many rows");
  test.setTimeout(15 * 60_000);
  const id = runId();
  const rows = [["First Name", "Last Name", "Email", "Company", "Job Title", "Tags"]];
  for (let i = 0; i < count; i++) {
    rows.push([
      `Bench${i}`,
      `Load${id}`,
      `bench${i}-${id}@import.test`,
      `Bench Fund ${i % 50}`,
      "Analyst",
      "Bench",
    ]);
  }
  await open(page, "/contacts/import");
  await chooseFile(page, "bench.csv", CSV, Buffer.from(csvText(rows)));
  const started = Date.now();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 14 * 60_000 });
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `web import: ${count} rows in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} rows/s), companies by name`,
  );
  await expectCounts(page, { created: count, rejected: 0 });

  // And back out: the same contacts exported, streamed page by page.
  const exportStarted = Date.now();
  const exported = await page.request.get(`/api/contacts/export?search=Load${id}`);
  const lines = (await exported.text()).split("\r\n").filter((l) => l !== "");
  console.log(
    `web export: ${lines.length - 1} rows in ${((Date.now() - exportStarted) / 1000).toFixed(1)} s`,
  );
  expect(lines).toHaveLength(count + 1);
});
