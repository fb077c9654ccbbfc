import { expect, test } from "@playwright/test";
import { signIn, uniqueName } from "./support/app";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("companies: create, then find by search", async ({ page }) => {
  const name = uniqueName("Harbour Funds");
  await page.getByRole("link", { name: "Companies" }).click();
  await page.getByLabel("New company name").fill(name);
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.getByText(`Created ${name}`)).toBeVisible();
  await page.getByLabel("Search companies").fill(name.split(" ")[2] ?? name);
  await expect(page.getByTestId("company-row")).toHaveText([name]);

  await page.getByLabel("New company name").fill("   ");
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.locator("#company-name-error")).toHaveText("Must not be empty");
});

test("API keys: created and shown once, usable, revocable", async ({ page, playwright, baseURL }) => {
  await page.getByRole("link", { name: "API keys" }).click();
  const name = uniqueName("e2e key");
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
  expect(key).toMatch(/^ck_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("api-key-row").filter({ hasText: name })).toContainText("Active");

  const api = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${key}` },
  });
  const list = `/api/trpc/contact.list?input=${encodeURIComponent("{}")}`;
  expect((await api.get(list)).status()).toBe(200);
  // A key cannot manage keys.
  expect((await api.get("/api/trpc/apiKey.list")).status()).toBe(403);

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: name })).toContainText("Revoked");
  expect((await api.get(list)).status()).toBe(401);
  await api.dispose();
});
