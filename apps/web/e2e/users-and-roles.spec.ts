import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { createContact, open, signIn, trpcMutation } from "./support/app";

/**
 * Users and roles in the browser (docs/api.md §6.19): an admin invites people, who join
 * through the link in a browser of their own; a read-only user sees contacts but cannot save
 * (and the server refuses a forced write); a member changes their password.
 */

const PASSWORD = "joining password 1";

async function expectNoAxeViolations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  expect(
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** Accepts an invite in a fresh browser context, as the invitee on their own machine. */
async function join(browser: Browser, link: string, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now().toString(36)}@example.com`;
  await page.goto(link);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await expect(page.getByRole("heading", { name: "Join Contacts" })).toBeVisible();
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Join the workspace" }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  return { context, page, email, origin: new URL(link).origin };
}

test("an admin invites a read-only user, who joins and can read but not save", async ({ page, browser }) => {
  await signIn(page);
  const contact = await createContact(page, { firstName: "Rosa" });
  await open(page, "/settings/users");
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await page.getByLabel("Their role").selectOption({ label: "Read-only" });
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent()) ?? "";
  expect(link).toMatch(/\/invite\/inv_[A-Za-z0-9_-]{43}$/);
  // Listed as pending (the other test of this file may be inviting someone at the same time).
  await expect(page.getByTestId("invite-row").filter({ hasText: "Read-only" }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  const reader = await join(browser, link, "Rita Reader");
  // Told why, and offered nothing to write with.
  await expect(reader.page.getByText("Your role is Read-only").first()).toBeVisible();
  await expect(reader.page.getByRole("link", { name: "New contact" })).toHaveCount(0);
  await expect(reader.page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(reader.page.getByRole("link", { name: "API keys" })).toHaveCount(0);

  await reader.page.goto(`${reader.origin}/contacts/${contact.id}`);
  await reader.page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await expect(reader.page.getByLabel("First name")).toHaveValue("Rosa");
  await expect(reader.page.getByLabel("First name")).toBeDisabled();
  await expect(reader.page.getByRole("button", { name: "Save changes" })).toBeDisabled();
  await expect(reader.page.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expectNoAxeViolations(reader.page);

  // The server refuses regardless of the UI.
  const forced = await reader.page.request.post(`${reader.origin}/api/trpc/contact.update`, {
    data: { id: contact.id, data: { firstName: "Forced" } },
    headers: { origin: reader.origin, "content-type": "application/json" },
  });
  expect(forced.status()).toBe(403);
  expect((await forced.json()).error.data).toMatchObject({
    reason: "MISSING_SCOPE",
    details: { scope: "contacts:write" },
  });
  await reader.page.reload();
  await expect(reader.page.getByLabel("First name")).toHaveValue("Rosa");

  // The link was single use.
  const again = await browser.newPage();
  await again.goto(link);
  await again.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await again.getByLabel("Your name").fill("Second Try");
  await again.getByLabel("Email").fill(`second-${Date.now().toString(36)}@example.com`);
  await again.getByLabel("Password").fill(PASSWORD);
  await again.getByRole("button", { name: "Join the workspace" }).click();
  await expect(again.getByRole("main").getByRole("alert")).toHaveText("This invite link was already used");
  await again.close();

  // The admin sees them, with their role.
  await open(page, "/settings/users");
  const row = page.getByTestId("user-row").filter({ hasText: reader.email });
  await expect(row.getByLabel("Role of Rita Reader")).toHaveValue("read_only");
  await reader.context.close();
});

test("a member changes their password: the old one no longer signs in", async ({ page, browser }) => {
  await signIn(page);
  const invite = await trpcMutation<{ invitePath: string }>(page, "user.invite", { role: "member" });
  const member = await join(browser, `${new URL(page.url()).origin}${invite.invitePath}`, "Max Member");
  // A member writes contacts but administers nothing.
  await expect(member.page.getByRole("link", { name: "New contact" })).toBeVisible();
  await expect(member.page.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  // An administrator's page opened by address leads back to the contacts.
  await member.page.goto(`${member.origin}/settings/users`);
  await expect(member.page).toHaveURL(/\/contacts$/);

  await member.page.getByRole("link", { name: "Account" }).click();
  await expect(member.page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  await member.page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await member.page.getByLabel("Current password").fill("not my password");
  await member.page.getByLabel("New password").fill("a fresh password 2");
  await member.page.getByRole("button", { name: "Change password" }).click();
  await expect(member.page.getByText("This is not your current password")).toBeVisible();

  await member.page.getByLabel("Current password").fill(PASSWORD);
  await member.page.getByRole("button", { name: "Change password" }).click();
  await expect(member.page.getByText("Password changed. 0 other sessions signed out.")).toBeVisible();

  await member.page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(member.page).toHaveURL(/\/sign-in$/);
  const signInWith = async (password: string) => {
    await member.page.getByLabel("Email").fill(member.email);
    await member.page.getByLabel("Password").fill(password);
    await member.page.getByRole("button", { name: "Sign in" }).click();
  };
  await signInWith(PASSWORD);
  await expect(member.page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password");
  await signInWith("a fresh password 2");
  await expect(member.page).toHaveURL(/\/contacts$/);
  await member.context.close();
});
