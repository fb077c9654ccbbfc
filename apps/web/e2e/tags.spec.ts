import { expect, type Locator, type Page, test } from "@playwright/test";
import { createContact, open, signIn } from "./support/app";

/** Tags are a vocabulary (issue #14 item 4): suggestions, clean pasting, rename and merge. */

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

/** A tag no other test (or run) uses, so counts and suggestions are this test's own. */
const unique = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const chips = (page: Page) => page.getByRole("list", { name: "Current tags" }).getByRole("listitem");

/** Pastes text into an input as a user's ⌘V would (a paste event carrying the text). */
async function paste(input: Locator, text: string) {
  await input.evaluate((el, value) => {
    const data = new DataTransfer();
    data.setData("text/plain", value);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

async function saveAndReload(page: Page) {
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();
  await page.reload();
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

test("the tag input suggests the workspace's tags with counts, and picks one with the keyboard", async ({
  page,
}) => {
  const tag = unique("Vocab");
  await createContact(page, { tags: [tag] });
  await createContact(page, { tags: [tag, "Other"] });
  const contact = await createContact(page, { tags: ["Existing"] });
  await open(page, `/contacts/${contact.id}`);

  const input = page.getByRole("combobox", { name: "Add a tag" });
  await input.fill(tag.slice(0, 8).toLowerCase());
  const option = page.getByRole("option", { name: `${tag}, 2 contacts` });
  await expect(option).toBeVisible();
  await input.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await input.press("Enter");
  await expect(chips(page)).toHaveText([/Existing/, new RegExp(tag)]);
  await expect(input).toHaveValue("");
  await expect(page.getByRole("listbox", { name: "Existing tags" })).toBeHidden();

  await saveAndReload(page);
  await expect(chips(page)).toHaveText([/Existing/, new RegExp(tag)]);
});

test('pasting "ESG, Nordics;" adds two clean tags, and a typed comma ends a tag', async ({ page }) => {
  const contact = await createContact(page, { tags: [] });
  await open(page, `/contacts/${contact.id}`);
  const input = page.getByRole("combobox", { name: "Add a tag" });
  await input.focus();
  await paste(input, "ESG, Nordics;");
  await expect(chips(page)).toHaveText([/^ESG/, /^Nordics/]);
  await expect(input).toHaveValue("");
  await input.pressSequentially("Tier 1,");
  await expect(chips(page)).toHaveText([/^ESG/, /^Nordics/, /^Tier 1/]);

  await saveAndReload(page);
  await expect(chips(page)).toHaveText([/^ESG×?$/, /^Nordics×?$/, /^Tier 1×?$/]);
});

test("the tags page renames and merges tags, and the contacts show it", async ({ page }) => {
  const stem = unique("t");
  const old = `old-${stem}`;
  const a = `a-${stem}`;
  const b = `b-${stem}`;
  const renamed = await createContact(page, { tags: ["Keep", old] });
  const both = await createContact(page, { tags: [a, b] });
  const onlyB = await createContact(page, { tags: [b] });

  await open(page, "/tags");
  await expect(page.getByRole("heading", { name: "Tags", level: 1 })).toBeVisible();
  await page.getByLabel("Filter tags").fill(stem);
  const rows = page.getByTestId("tag-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: b })).toContainText("2");

  // Rename: asked first with the number of contacts, then summarized.
  await page.getByRole("button", { name: `Rename ${old}` }).click();
  await page.getByLabel(`New name for ${old}`).fill(`New-${stem},`);
  await page.getByRole("button", { name: "Rename…" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(`Rename “${old}” to “New-${stem}”?`);
  await expect(dialog).toContainText("1 contact will change");
  await dialog.getByRole("button", { name: "Rename tag" }).click();
  // The page's own summary (a toast says it too).
  await expect(page.getByRole("status").filter({ hasText: "Renamed" }).first()).toHaveText(
    `Renamed “${old}” to “New-${stem}” on 1 contact.`,
  );
  await expect(rows.filter({ hasText: `New-${stem}` })).toHaveCount(1);

  // Merge: select two, name the survivor, confirm.
  await page.getByLabel(`Select ${a}`).check();
  await page.getByLabel(`Select ${b}`).check();
  await page.getByLabel("Merge into").fill(`AB-${stem}`);
  await page.getByRole("button", { name: "Merge…" }).click();
  await expect(dialog).toContainText("2 contacts will change");
  await dialog.getByRole("button", { name: "Merge tags" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Merged" }).first()).toContainText(
    "on 2 contacts.",
  );
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: `AB-${stem}` })).toContainText("2");

  await open(page, `/contacts/${renamed.id}`);
  await expect(chips(page)).toHaveText([/^Keep/, new RegExp(`^New-${stem}`)]);
  await open(page, `/contacts/${both.id}`);
  await expect(chips(page)).toHaveText([new RegExp(`^AB-${stem}`)]);
  await open(page, `/contacts/${onlyB.id}`);
  await expect(chips(page)).toHaveText([new RegExp(`^AB-${stem}`)]);
});
