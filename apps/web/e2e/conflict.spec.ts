import { expect, type Page, test } from "@playwright/test";
import { createContact, open, signIn, trpcMutation } from "./support/app";

/**
 * Two people on one contact: a change saved elsewhere appears in an open editor at once
 * (contact.watch), fields the user did not touch update in place, fields both changed are
 * flagged, and the conflict dialog, when a save still meets a newer version, asks per field.
 */

async function saveAndExpectToast(page: Page) {
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();
}

test("a change from the API appears in an open editor at once; the user's edits stay", async ({ page }) => {
  await signIn(page);
  const contact = await createContact(page, { phone: "+46701112233" });
  // Subscribed: the editor's stream answered (listened for before the page can open it).
  const watching = page.waitForResponse((r) => r.url().includes("contact.watch"));
  await open(page, `/contacts/${contact.id}`);
  await watching;
  await page.getByLabel("Email").fill("mine@example.com");

  const written = Date.now();
  await trpcMutation(page, "contact.update", { id: contact.id, data: { phone: "+46 70 444 55 66" } });
  await expect(page.getByLabel("Phone")).toHaveValue("+46704445566");
  const seenAfterMs = Date.now() - written;
  console.log(`API write → visible in the open editor: ${seenAfterMs} ms`);
  await expect(page.getByTestId("live-change")).toContainText("Phone");
  await expect(page.getByLabel("Email")).toHaveValue("mine@example.com");
  await expect(page.getByText("Unsaved: Email")).toBeVisible();

  // The save goes on top of their version: no conflict, both kept.
  await saveAndExpectToast(page);
  await page.reload();
  await expect(page.getByLabel("Email")).toHaveValue("mine@example.com");
  await expect(page.getByLabel("Phone")).toHaveValue("+46704445566");
  await expect(page.getByText("Version 3, no unsaved changes")).toBeVisible();
});

test("both changed a field: it is flagged, and Save asks which to keep, Cancel first", async ({
  page,
  context,
}) => {
  await signIn(page);
  const contact = await createContact(page, { strategy: "Growth" });
  const other = await context.newPage();
  const watching = page.waitForResponse((r) => r.url().includes("contact.watch"));
  await open(page, `/contacts/${contact.id}`);
  await watching;
  await open(other, `/contacts/${contact.id}`);

  await page.getByLabel("Strategy").fill("Momentum");
  await page.getByLabel("Last name").fill("Mine");
  await other.getByLabel("Strategy").fill("Value");
  await saveAndExpectToast(other);

  await expect(page.getByTestId("colliding-field")).toContainText("Value");
  await expect(page.getByLabel("Strategy")).toHaveValue("Momentum");
  await page.getByRole("button", { name: "Save changes" }).click();
  const dialog = page.getByRole("dialog", { name: "Someone else changed this contact" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expect(dialog.getByRole("button", { name: "Save with these choices" })).toBeDisabled();
  await expect(dialog.getByTestId("conflict-field")).toHaveCount(1);
  await expect(dialog.getByTestId("conflict-field")).toContainText("Value");
  await expect(dialog.getByTestId("conflict-field")).toContainText("Momentum");
  await dialog.getByLabel("Strategy: keep theirs").check();
  await dialog.getByRole("button", { name: "Save with these choices" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Strategy")).toHaveValue("Value");
  await expect(page.getByLabel("Last name")).toHaveValue("Mine");
});

test("without the live stream, a save that meets a newer version still asks per field", async ({
  page,
  context,
}) => {
  await signIn(page);
  // This tab never hears of the other's save (its event stream is cut).
  await page.route("**/api/trpc/contact.watch**", (route) => route.abort());
  const contact = await createContact(page, { strategy: "Growth", phone: "+46701112233" });
  const other = await context.newPage();
  await open(page, `/contacts/${contact.id}`);
  await open(other, `/contacts/${contact.id}`);

  await other.getByLabel("Strategy").fill("Value");
  await other.getByLabel("Phone").fill("+46 70 999 88 77");
  await saveAndExpectToast(other);

  await page.getByLabel("Strategy").fill("Momentum");
  await page.getByRole("button", { name: "Save changes" }).click();
  const dialog = page.getByRole("dialog", { name: "Someone else changed this contact" });
  await expect(dialog).toContainText("Strategy");
  // Cancel keeps the form as it is, their other change taken in.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel("Strategy")).toHaveValue("Momentum");
  await expect(page.getByLabel("Phone")).toHaveValue("+46709998877");
  await page.getByRole("button", { name: "Save changes" }).click();
  await dialog.getByLabel("Strategy: keep yours").check();
  await dialog.getByRole("button", { name: "Save with these choices" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Strategy")).toHaveValue("Momentum");
  await expect(page.getByLabel("Phone")).toHaveValue("+46709998877");
});
