import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./support/app";

test("the production server answers /api/health", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
});

test("pages redirect to sign-in and /api/trpc answers 401 without a session", async ({ page, request }) => {
  for (const path of ["/", "/contacts", "/contacts/new", "/companies", "/api-keys"]) {
    await page.goto("about:blank");
    await page.goto(path);
    // A deep link comes back after sign-in (editing-safety.spec.ts); the home page needs not.
    const back = path === "/" || path === "/contacts" ? "" : `?next=${encodeURIComponent(path)}`;
    await expect(page).toHaveURL(new RegExp(`/sign-in${back.replace("?", "\\?")}$`));
    await expect(page.getByRole("heading", { name: "Sign in to Contacts" })).toBeVisible();
  }
  const res = await request.get("/api/trpc/contact.list");
  expect(res.status()).toBe(401);
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("sign in sets an httpOnly secure cookie; sign out ends the session", async ({ page, context }) => {
  await signIn(page);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.includes("session_token"));
  expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax" });
  const token = session?.value ?? "";

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("about:blank");
  await page.goto("/contacts");
  await expect(page).toHaveURL(/\/sign-in$/);

  // The old cookie is dead on the server too, not just deleted in this browser.
  const res = await page.request.get("/api/trpc/contact.list", {
    headers: { cookie: `${session?.name}=${token}` },
  });
  expect(res.status()).toBe(401);
});

test("a cookie-authenticated write from another origin is refused", async ({ page }) => {
  await signIn(page);
  const res = await page.request.post("/api/trpc/company.create", {
    data: { name: "CSRF Inc" },
    headers: { origin: "https://evil.example", "content-type": "application/json" },
  });
  expect(res.status()).toBe(403);
  const sameSite = await page.request.post("/api/trpc/company.create", {
    data: { name: "Same Origin Inc" },
    headers: { origin: new URL(page.url()).origin, "content-type": "application/json" },
  });
  expect(sameSite.status()).toBe(200);
});

test("bodies over the API's limit are refused on the auth routes and the cookie route alike", async ({
  request,
}) => {
  const huge = JSON.stringify({ email: "a@b.se", password: "x".repeat(5 * 1024 * 1024) });
  const signIn = await request.post("/api/auth/sign-in/email", {
    data: huge,
    headers: { "content-type": "application/json" },
  });
  expect(signIn.status()).toBe(413);
  const trpc = await request.post("/api/trpc/company.create", {
    data: huge,
    headers: { "content-type": "application/json" },
  });
  // No session: refused before the body is read.
  expect(trpc.status()).toBe(401);
});

test("the demo workspace's published key is refused by a production server, though it is in the database", async ({
  request,
}) => {
  const demoKey = `ck_01900000-0000-7000-8000-000000000001_${"demo-key-for-local-development-only".padEnd(43, "0")}`;
  const res = await request.get("/api/trpc/contact.list", {
    headers: { authorization: `Bearer ${demoKey}` },
  });
  expect(res.status()).toBe(401);
});

test("the demo user's published password signs nobody in on a production server", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("demo@example.com");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password");
  await expect(page).toHaveURL(/\/sign-in$/);
});
