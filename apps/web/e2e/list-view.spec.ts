import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { createContact, open, signIn, uniqueName } from "./support/app";

/** Issue #14 item 5: the list's view lives in the URL; bulk actions; ⌘K from anywhere. */

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

async function expectNoAxeViolations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  expect(
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

const rows = (page: Page) => page.getByTestId("contact-row");
const settled = (page: Page) =>
  expect(page.getByRole("region", { name: "Results" })).toHaveAttribute("aria-busy", "false");

test("a view (search, tag prefix, sort, second page) is restored from its URL, on reload and after Back", async ({
  page,
}) => {
  // The seeded bulk contacts: "Bulk0000 Investor"…, every other one tagged "Even".
  await page.getByLabel("Search").fill("bulk0");
  await page.getByRole("textbox", { name: "Tags" }).fill("ev");
  await page.getByLabel("Sort").selectOption({ label: "Name Z–A" });
  await expect(page).toHaveURL(/q=bulk0/);
  await expect(page).toHaveURL(/tag=ev/);
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  await settled(page);
  const firstPageTop = await rows(page).first().getByRole("link").innerText();
  await expect(page.getByTestId("list-total")).toContainText(/Showing 1–50 of [\d,]+/);

  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByTestId("list-total")).toContainText(/Showing 51–/);
  await settled(page);
  const secondPage = await rows(page).allInnerTexts();
  expect(secondPage.length).toBeGreaterThan(0);
  // Name Z–A, and only contacts tagged Even.
  const names = await rows(page).getByRole("link").allInnerTexts();
  expect(names).toEqual([...names].sort().reverse());
  await expect(rows(page).filter({ hasNotText: "Even" })).toHaveCount(0);

  // A shared link, in a fresh page: the same rows, the same boxes.
  const url = page.url();
  const fresh = await page.context().newPage();
  await open(fresh, url);
  await settled(fresh);
  expect(await rows(fresh).allInnerTexts()).toEqual(secondPage);
  await expect(fresh.getByLabel("Search")).toHaveValue("bulk0");
  await expect(fresh.getByRole("textbox", { name: "Tags" })).toHaveValue("ev");
  await expect(fresh.getByLabel("Sort")).toHaveValue("name:desc");
  await fresh.reload();
  await settled(fresh);
  expect(await rows(fresh).allInnerTexts()).toEqual(secondPage);
  await fresh.close();

  // Back: the first page of the same view.
  await page.goBack();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  await settled(page);
  await expect(rows(page).first().getByRole("link")).toHaveText(firstPageTop);
  await expect(page.getByLabel("Search")).toHaveValue("bulk0");
  await expectNoAxeViolations(page);
});

test("bulk add tag on 3 selected contacts, with a summary and Undo", async ({ page }) => {
  const family = uniqueName("Bulkpick").replace(" ", "");
  const made = await Promise.all(
    ["Ann", "Bea", "Cid"].map((firstName) =>
      createContact(page, { firstName, lastName: family, tags: ["Start"] }),
    ),
  );
  await open(page, `/contacts?q=${family}`);
  await expect(rows(page)).toHaveCount(3);
  for (const c of made) await page.getByRole("checkbox", { name: `Select ${c.firstName} ${family}` }).check();
  const bulk = page.getByRole("region", { name: "Bulk actions" });
  await expect(bulk).toContainText("3 selected");
  await bulk.getByLabel("Tag for selected").fill("Roadshow 2027");
  await bulk.getByRole("button", { name: "Add tag" }).click();
  await expect(bulk.getByRole("status")).toContainText('add tag "Roadshow 2027": 3 updated.');
  await expect(rows(page).filter({ hasText: "Start · Roadshow 2027" })).toHaveCount(3);
  await expectNoAxeViolations(page);

  await bulk.getByRole("button", { name: "Undo" }).click();
  await expect(bulk.getByRole("status")).toContainText("Undo add tag");
  await expect(bulk.getByRole("status")).toContainText("3 updated");
  await expect(rows(page).filter({ hasText: "Roadshow 2027" })).toHaveCount(0);
  await expect(rows(page).filter({ hasText: "Start" })).toHaveCount(3);
});

test("Ctrl+K jumps to a contact from any page", async ({ page }) => {
  const contact = await createContact(page, { firstName: "Palette", lastName: uniqueName("Jumper") });
  await open(page, "/companies");
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog", { name: "Jump to a contact or company" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("combobox").fill(contact.lastName ?? "");
  await expect(dialog.getByRole("option").first()).toContainText(`Palette ${contact.lastName}`);
  await expectNoAxeViolations(page);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await expect(dialog).toHaveCount(0);
});
