import { expect, test } from "@playwright/test";
import { createContact, DEMO, open, signIn } from "./support/app";

/** Issue #14 item 1: no edit is ever lost. */

test("a dirty form asks before Back or a link leaves it, and stays when told to", async ({ page }) => {
  await signIn(page);
  const contact = await createContact(page, { strategy: "Growth" });
  await open(page, `/contacts/${contact.id}`);
  await page.getByLabel("Strategy").fill("Unsaved idea");

  const asked: string[] = [];
  page.once("dialog", (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.evaluate(() => window.history.back());
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain("unsaved changes");
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await expect(page.getByLabel("Strategy")).toHaveValue("Unsaved idea");

  page.once("dialog", (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.getByRole("link", { name: "← Contacts" }).click();
  await expect.poll(() => asked.length).toBe(2);
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await expect(page.getByLabel("Strategy")).toHaveValue("Unsaved idea");

  // Told to leave, it leaves.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("link", { name: "← Contacts" }).click();
  await expect(page).toHaveURL(/\/contacts$/);
});

test("an edit in progress survives a reload, and is saved from there", async ({ page }) => {
  await signIn(page);
  const contact = await createContact(page, { strategy: "Growth" });
  await open(page, `/contacts/${contact.id}`);
  await page.getByLabel("Strategy").fill("Kept across reloads");
  await page.waitForTimeout(600); // the draft is written a moment after typing stops
  page.on("dialog", (d) => void d.accept());
  await page.reload();
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await expect(page.getByLabel("Strategy")).toHaveValue("Kept across reloads");
  await expect(page.getByTestId("restored-draft")).toBeVisible();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Strategy")).toHaveValue("Kept across reloads");
  await expect(page.getByTestId("restored-draft")).toBeHidden();
});

test("a session that ends during an edit asks to sign in again, then saves the edit", async ({
  page,
  context,
}) => {
  await signIn(page);
  const contact = await createContact(page, { strategy: "Growth" });
  await open(page, `/contacts/${contact.id}`);
  await page.getByLabel("Strategy").fill("Saved after signing in again");
  await context.clearCookies();

  await page.getByRole("button", { name: "Save changes" }).click();
  const dialog = page.getByRole("dialog", { name: "Sign in again" });
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await dialog.getByLabel("Email").fill(DEMO.email);
  await dialog.getByLabel("Password").fill(DEMO.password);
  await dialog.getByRole("button", { name: "Sign in" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Contact saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Strategy")).toHaveValue("Saved after signing in again");
});

test("a signed-out deep link returns to where it pointed after sign-in", async ({ page, browser }) => {
  await signIn(page);
  const contact = await createContact(page, { firstName: "Deep", lastName: "Link" });
  const fresh = await browser.newContext();
  const visitor = await fresh.newPage();
  await visitor.goto(`/contacts/${contact.id}?tab=history`);
  await expect(visitor).toHaveURL(/\/sign-in\?next=/);
  await visitor.getByLabel("Email").fill(DEMO.email);
  await visitor.getByLabel("Password").fill(DEMO.password);
  await visitor.getByRole("button", { name: "Sign in" }).click();
  await expect(visitor).toHaveURL(new RegExp(`/contacts/${contact.id}\\?tab=history$`));
  await expect(visitor.getByRole("heading", { name: "Deep Link" })).toBeVisible();
  // Only paths of this app: another site is never a place to go back to.
  await visitor.context().clearCookies();
  await visitor.goto("/sign-in?next=//evil.example.com/x");
  await visitor.getByLabel("Email").fill(DEMO.email);
  await visitor.getByLabel("Password").fill(DEMO.password);
  await visitor.getByRole("button", { name: "Sign in" }).click();
  await expect(visitor).toHaveURL(/\/contacts$/);
  await fresh.close();
});
