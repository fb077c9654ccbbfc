import type { Contact, CreateContactRequestInput } from "@contacts/contracts";
import { expect, type Page } from "@playwright/test";

/**
 * The signed-in user: the one global-setup.ts made for this run, or the demo user when the
 * tests run against `pnpm dev` (E2E_BASE_URL).
 */
export const DEMO = {
  email: process.env.E2E_USER_EMAIL ?? "demo@example.com",
  password: process.env.E2E_USER_PASSWORD ?? "demo-password",
};

/** Opens a page and waits until React has hydrated it (input typed before that is lost). */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

export async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole("heading", { name: "Contacts", level: 1, exact: true })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** Calls a tRPC mutation with the page's session cookie, as the app itself would. */
export async function trpcMutation<T>(page: Page, path: string, input: unknown): Promise<T> {
  const origin = new URL(page.url()).origin;
  const res = await page.request.post(`/api/trpc/${path}`, {
    data: input,
    headers: { origin, "content-type": "application/json" },
  });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!res.ok() || !body.result) throw new Error(`${path} failed: ${JSON.stringify(body)}`);
  return body.result.data;
}

let counter = 0;
/** A contact of its own for one test, so tests can run in parallel. */
export function createContact(page: Page, data: CreateContactRequestInput = {}): Promise<Contact> {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return trpcMutation<Contact>(page, "contact.create", {
    firstName: "Test",
    lastName: `Person ${tag}`,
    email: `test-${tag}@example.com`,
    ...data,
  });
}

export function createCompany(
  page: Page,
  name: string,
  domain?: string,
): Promise<{ id: string; name: string; domain: string | null }> {
  return trpcMutation(page, "company.create", { name, ...(domain ? { domain } : {}) });
}

export const uniqueName = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;
