import { expect, type Page, test } from "@playwright/test";
import { createCompany, createContact, open, signIn, uniqueName } from "./support/app";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

const save = async (page: Page) => {
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();
};

/** The body of the next contact.update the page sends (httpBatchLink wraps it in {"0": …}). */
async function nextUpdate(page: Page, action: () => Promise<void>) {
  const request = page.waitForRequest((r) => r.url().includes("contact.update") && r.method() === "POST");
  await action();
  const body = (await request).postDataJSON() as Record<string, { data: Record<string, unknown> }>;
  return body["0"] ?? (body as unknown as { data: Record<string, unknown> });
}

test("edits every kind of field, sends only those, and they persist after reload", async ({ page }) => {
  const company = await createCompany(page, uniqueName("Edit Capital"));
  const contact = await createContact(page);
  await open(page, `/contacts/${contact.id}`);

  await page.getByLabel("First name").fill("Greta");
  await page.getByLabel("Phone").fill("+46 70 765 43 21");
  await page.getByLabel("LinkedIn URL").fill("http://se.linkedin.com/in/Greta-Test/");
  await page.getByRole("combobox", { name: "Primary language" }).fill("swed");
  await page.getByRole("option", { name: "Swedish (sv)" }).click();
  await page.getByLabel("Profile picture id").fill("4711");
  await page.getByLabel("Strategy").fill("Long only.\nNordic small caps.");
  await page.getByLabel("Blocked (do not contact)").check();
  const tags = page.getByLabel("Add a tag");
  await tags.fill("Tier 1");
  await tags.press("Enter");
  await tags.fill("ESG");
  await tags.press("Enter");
  await page.getByRole("combobox", { name: "Add a company" }).fill(company.name);
  await page.getByRole("option", { name: company.name }).click();
  await page.getByTestId("connection-row").getByLabel("Job title").fill("CIO");
  await page.getByRole("button", { name: "Add reference" }).click();
  await page.getByLabel("Namespace of reference 1").fill("HubSpot");
  await page.getByLabel("Id of reference 1").fill(`hs-${contact.id}`);

  const strategyBefore = await page.getByLabel("Strategy").boundingBox();
  const sent = await nextUpdate(page, () => save(page));
  expect(Object.keys(sent.data).sort()).toEqual(
    [
      "blocked",
      "connections",
      "externalRefs",
      "firstName",
      "linkedInUrl",
      "phone",
      "primaryLanguage",
      "profilePictureId",
      "strategy",
      "tags",
    ].sort(),
  );
  // Saving does not move the form around.
  expect(await page.getByLabel("Strategy").boundingBox()).toEqual(strategyBefore);

  await page.reload();
  await expect(page.getByLabel("First name")).toHaveValue("Greta");
  await expect(page.getByLabel("Last name")).toHaveValue(contact.lastName ?? "");
  await expect(page.getByLabel("Phone")).toHaveValue("+46707654321");
  await expect(page.getByLabel("LinkedIn URL")).toHaveValue("https://www.linkedin.com/in/greta-test");
  await expect(page.getByRole("combobox", { name: "Primary language" })).toHaveValue("Swedish (sv)");
  await expect(page.getByLabel("Profile picture id")).toHaveValue("4711");
  await expect(page.getByLabel("Strategy")).toHaveValue("Long only.\nNordic small caps.");
  await expect(page.getByLabel("Blocked (do not contact)")).toBeChecked();
  await expect(page.getByRole("list", { name: "Current tags" }).getByRole("listitem")).toHaveText([
    /Tier 1/,
    /ESG/,
  ]);
  const row = page.getByTestId("connection-row");
  await expect(row).toContainText(company.name);
  await expect(row.getByLabel("Job title")).toHaveValue("CIO");
  await expect(row.getByRole("radio", { name: "Primary" })).toBeChecked();
  await expect(page.getByLabel("Namespace of reference 1")).toHaveValue("hubspot");
  await expect(page.getByLabel("Id of reference 1")).toHaveValue(`hs-${contact.id}`);
  await expect(page.getByText("Version 2, no unsaved changes")).toBeVisible();
});

test("a field the user empties is sent as null and stays empty", async ({ page }) => {
  const contact = await createContact(page, { phone: "+46701112233", strategy: "Value", tags: ["A"] });
  await open(page, `/contacts/${contact.id}`);
  await page.getByLabel("Phone").fill("");
  await page.getByRole("button", { name: "Remove tag A" }).click();
  const sent = await nextUpdate(page, () => save(page));
  expect(sent.data).toEqual({ phone: null, tags: null });
  await page.reload();
  await expect(page.getByLabel("Phone")).toHaveValue("");
  await expect(page.getByLabel("Strategy")).toHaveValue("Value");
  await expect(page.getByRole("list", { name: "Current tags" }).getByRole("listitem")).toHaveCount(0);
});

test("server validation errors appear beside their fields and keep what was typed", async ({ page }) => {
  const contact = await createContact(page);
  await open(page, `/contacts/${contact.id}`);
  await page.getByLabel("Phone").fill("12345");
  await page.getByLabel("LinkedIn URL").fill("https://www.linkedin.com/company/acme");
  await page.getByLabel("First name").fill("Still typed");
  await page.getByRole("button", { name: "Save changes" }).click();

  await expect(page.locator("#contact-phone-error")).toContainText("Not a valid phone number");
  await expect(page.locator("#contact-linkedInUrl-error")).toContainText("Not a LinkedIn profile URL");
  await expect(page.getByLabel("Phone")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Phone")).toBeFocused();
  await expect(page.getByLabel("Phone")).toHaveValue("12345");
  await expect(page.getByLabel("First name")).toHaveValue("Still typed");
  await expect(page.locator("#contact-firstName-error")).toBeEmpty();

  // Fixing the fields and saving again works.
  await page.getByLabel("Phone").fill("+46 70 123 45 67");
  await page.getByLabel("LinkedIn URL").fill("");
  await save(page);
  await expect(page.locator("#contact-phone-error")).toBeEmpty();
});

test("tags and company connections keep exactly one primary", async ({ page }) => {
  const a = await createCompany(page, uniqueName("Primary A"));
  const b = await createCompany(page, uniqueName("Primary B"));
  const contact = await createContact(page, { tags: ["One", "Two"] });
  await open(page, `/contacts/${contact.id}`);

  for (const company of [a, b]) {
    await page.getByRole("combobox", { name: "Add a company" }).fill(company.name);
    await page.getByRole("option", { name: company.name }).click();
  }
  const rows = page.getByTestId("connection-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByRole("radio", { name: "Primary" })).toBeChecked();
  await rows.nth(1).getByRole("radio", { name: "Primary" }).check();
  await expect(rows.nth(0).getByRole("radio", { name: "Primary" })).not.toBeChecked();
  await page.getByRole("button", { name: "Remove tag One" }).click();
  const tagInput = page.getByLabel("Add a tag");
  await tagInput.fill("three");
  await tagInput.press("Enter");
  await tagInput.fill("TWO");
  await tagInput.press("Enter"); // a case-insensitive duplicate is dropped, as the contract does
  await save(page);

  await page.reload();
  await expect(page.getByRole("list", { name: "Current tags" }).getByRole("listitem")).toHaveText([
    /^Two/,
    /^three/,
  ]);
  await expect(rows.nth(0)).toContainText(a.name);
  await expect(rows.nth(1).getByRole("radio", { name: "Primary" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "Primary", checked: true })).toHaveCount(1);

  // Removing the primary makes the remaining connection primary.
  await page.getByRole("button", { name: `Remove connection to ${b.name}` }).click();
  await save(page);
  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0).getByRole("radio", { name: "Primary" })).toBeChecked();
});

test("the history shows who changed what, from what to what", async ({ page }) => {
  const contact = await createContact(page, { phone: "+46701112233" });
  await open(page, `/contacts/${contact.id}`);
  await page.getByLabel("Phone").fill("+46 70 999 88 77");
  await save(page);
  // The creation (by the same user, through the API) and this change, newest first.
  await expect(page.getByTestId("history-entry")).toHaveCount(2);
  const entry = page.getByTestId("history-entry").first();
  await expect(entry).toContainText("Demo User");
  await expect(entry).toContainText("(user)");
  await expect(entry).toContainText("Phone");
  await expect(entry.locator("del")).toHaveText("+46701112233");
  await expect(entry.locator("ins")).toHaveText("+46709998877");
  await expect(page.getByTestId("history-entry").nth(1)).toContainText("First name");
});

test("a new contact is created and opened", async ({ page }) => {
  const name = uniqueName("Newton");
  await open(page, "/contacts/new");
  await page.getByLabel("First name").fill(name);
  await page.getByLabel("Email").fill(`${name.replace(" ", ".").toLowerCase()}@example.com`);
  await page.getByRole("button", { name: "Create contact" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
});

test("a new contact without name or email is refused at the field", async ({ page }) => {
  await open(page, "/contacts/new");
  await page.getByLabel("Phone").fill("+46701234567");
  await page.getByRole("button", { name: "Create contact" }).click();
  await expect(page.locator("#contact-firstName-error")).toContainText("at least one of firstName");
  await expect(page.getByLabel("Phone")).toHaveValue("+46701234567");
});
