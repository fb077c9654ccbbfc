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

test("API keys: scopes chosen, shown once, usable within them, revocable", async ({
  page,
  playwright,
  baseURL,
}) => {
  await page.getByRole("link", { name: "API keys" }).click();
  const name = uniqueName("e2e key");
  await page.getByLabel("Key name").fill(name);
  // Every scope is checked to begin with; "Read only" keeps the :read ones, then one more goes.
  const scope = (s: string) => page.getByRole("checkbox", { name: s, exact: true });
  await expect(scope("contacts:write")).toBeChecked();
  await page.getByRole("button", { name: "Read only" }).click();
  await expect(scope("contacts:write")).not.toBeChecked();
  await scope("companies:read").uncheck();
  await expect(scope("contacts:read")).toBeChecked();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
  expect(key).toMatch(/^ck_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toContainText("Active");
  await expect(row.getByTestId("api-key-scopes").getByRole("listitem")).toHaveText(["contacts:read"]);
  // The form is back to every scope for the next key.
  await expect(scope("api_keys:manage")).toBeChecked();

  const api = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${key}` },
  });
  const list = `/api/trpc/contact.list?input=${encodeURIComponent("{}")}`;
  expect((await api.get(list)).status()).toBe(200);
  // Writing, reading companies and managing keys are beyond its scopes.
  const write = await api.post("/api/trpc/contact.create", { data: { firstName: "Nope" } });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.data).toMatchObject({
    reason: "MISSING_SCOPE",
    details: { scope: "contacts:write" },
  });
  expect((await api.get(`/api/trpc/company.list?input=${encodeURIComponent("{}")}`)).status()).toBe(403);
  expect((await api.get("/api/trpc/apiKey.list")).status()).toBe(403);

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("Revoked");
  expect((await api.get(list)).status()).toBe(401);
  await api.dispose();
});
