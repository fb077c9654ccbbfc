import { expect, type Page, test } from "@playwright/test";
import { createContact, open, signIn } from "./support/app";

async function saveAndExpectToast(page: Page) {
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();
}

test("two tabs: the second save sees what changed and may overwrite", async ({ page, context }) => {
  await signIn(page);
  const contact = await createContact(page, { phone: "+46701112233" });
  const other = await context.newPage();
  await open(page, `/contacts/${contact.id}`);
  await open(other, `/contacts/${contact.id}`);

  await other.getByLabel("Phone").fill("+46 70 444 55 66");
  await saveAndExpectToast(other);

  await page.getByLabel("Email").fill("mine@example.com");
  await page.getByRole("button", { name: "Save changes" }).click();
  const dialog = page.getByRole("dialog", { name: "Someone else changed this contact" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("conflict-field")).toHaveCount(1);
  await expect(dialog.getByTestId("conflict-field")).toContainText("Phone");
  await expect(dialog.getByTestId("conflict-field")).toContainText("+46704445566");
  // What the user typed is still in the form behind the dialog.
  await dialog.getByRole("button", { name: "Overwrite with my changes" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Email")).toHaveValue("mine@example.com");
  await expect(page.getByLabel("Phone")).toHaveValue("+46704445566");
  await expect(page.getByText("Version 3, no unsaved changes")).toBeVisible();
});

test("two tabs: the second save may reload the other version instead", async ({ page, context }) => {
  await signIn(page);
  const contact = await createContact(page, { strategy: "Growth" });
  const other = await context.newPage();
  await open(page, `/contacts/${contact.id}`);
  await open(other, `/contacts/${contact.id}`);

  await other.getByLabel("Strategy").fill("Value");
  await saveAndExpectToast(other);

  await page.getByLabel("Strategy").fill("Momentum");
  await page.getByRole("button", { name: "Save changes" }).click();
  const dialog = page.getByRole("dialog", { name: "Someone else changed this contact" });
  await expect(dialog).toContainText("(you changed it too)");
  await dialog.getByRole("button", { name: "Reload their version" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel("Strategy")).toHaveValue("Value");
  await expect(page.getByText("Version 2, no unsaved changes")).toBeVisible();
});
