import { expect, test } from "@playwright/test";
import { createCompany, createContact, open, signIn, uniqueName } from "./support/app";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("delete moves a contact to the bin, and the toast's Undo brings it back", async ({ page }) => {
  const contact = await createContact(page, { externalRefs: [{ namespace: "e2e", id: uniqueName("ref") }] });
  await open(page, `/contacts/${contact.id}`);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByText("moved to the bin")).toBeVisible();

  // In the bin meanwhile, gone from the contact's page.
  const bin = await page.request.get(
    `/api/trpc/contact.list?input=${encodeURIComponent(JSON.stringify({ deleted: true, limit: 200 }))}`,
  );
  expect(JSON.stringify(await bin.json())).toContain(contact.id);

  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await expect(page.getByText("restored")).toBeVisible();
  await expect(page.getByLabel("Last name")).toHaveValue(contact.lastName ?? "");
  await expect(page.getByTestId("history-entry").first()).toContainText("Deleted");
});

test("merge picks fields from both sides, previews the result, and the merged id leads to the survivor", async ({
  page,
}) => {
  const company = await createCompany(page, uniqueName("Merge Capital"));
  const connection = [{ company: { kind: "existing" as const, id: company.id }, primary: true }];
  const survivor = await createContact(page, {
    firstName: "Margit",
    phone: "+46 70 111 22 33",
    strategy: "Long only",
    tags: ["Tier 1"],
    connections: connection,
  });
  const merged = await createContact(page, {
    firstName: "Margit",
    lastName: survivor.lastName,
    email: survivor.email,
    phone: "+46 70 444 55 66",
    strategy: "Activist",
    tags: ["ESG"],
  });

  // The survivor's page lists the other as a possible duplicate.
  await open(page, `/contacts/${survivor.id}`);
  const duplicate = page.getByTestId("duplicate").filter({ hasText: "score 1" });
  await expect(duplicate).toContainText(survivor.email ?? "");
  await duplicate.getByRole("link", { name: "Merge…" }).click();
  await expect(page.getByRole("heading", { name: "Merge two contacts" })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });

  // The phone from the merged contact, the strategy kept from the survivor.
  await page.getByRole("radio", { name: "Phone: +46704445566" }).check();
  await page.getByRole("radio", { name: "Strategy: Long only" }).check();
  const preview = page.getByTestId("merge-preview");
  await expect(preview.locator('[data-field="phone"]')).toHaveText("+46704445566");
  await expect(preview.locator('[data-field="strategy"]')).toHaveText("Long only");
  await expect(preview.locator('[data-field="tags"]')).toHaveText("Tier 1, ESG");

  await page.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${survivor.id}$`));
  await expect(page.getByLabel("Phone")).toHaveValue("+46704445566");
  await expect(page.getByLabel("Strategy")).toHaveValue("Long only");

  // The merged contact's address shows the survivor.
  await open(page, `/contacts/${merged.id}`);
  await expect(page.getByLabel("Phone")).toHaveValue("+46704445566");
  await expect(page.getByLabel("Strategy")).toHaveValue("Long only");
});
