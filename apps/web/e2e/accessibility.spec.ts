import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { createCompany, createContact, open, signIn, uniqueName } from "./support/app";

async function expectNoAxeViolations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const summary = result.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(summary).toEqual([]);
}

test("the sign-in page is axe-clean", async ({ page }) => {
  await open(page, "/sign-in");
  await expectNoAxeViolations(page);
});

test("the in-app 404 page is axe-clean", async ({ page }) => {
  await signIn(page);
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expectNoAxeViolations(page);
});

const PAGES = [
  "/contacts",
  "/contacts/:id",
  "/contacts/new",
  "/contacts/import",
  "/companies",
  "/companies/:id",
  "/tags",
  "/api-keys",
  "/settings/users",
  "/account",
  "/bin",
  "/duplicates",
  "/webhooks",
];
const SIZES = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
];

for (const size of SIZES) {
  for (const template of PAGES) {
    test(`${template} is axe-clean and fits the screen (${size.name})`, async ({ page }) => {
      await page.setViewportSize(size);
      await signIn(page);
      let path = template;
      if (template === "/companies/:id") {
        // With a domain, and a contact with a title and the primary mark.
        const company = await createCompany(page, uniqueName("Axe Capital"), "axe-capital.example");
        await createContact(page, {
          connections: [
            { company: { kind: "existing", id: company.id }, jobTitle: "Analyst", primary: true },
          ],
        });
        path = `/companies/${company.id}`;
      } else if (template.includes(":id")) {
        const contact = await createContact(page, {
          tags: ["Axe"],
          externalRefs: [{ namespace: "axe", id: `a-${Date.now()}-${size.name}` }],
        });
        path = `/contacts/${contact.id}`;
      }
      await open(page, path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByText(/Loading/)).toHaveCount(0);
      await expectNoAxeViolations(page);
      // Nothing is wider than the screen.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
}

for (const size of SIZES) {
  test(`the import page with a file, its mapping and preview is axe-clean and fits the screen (${size.name})`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await signIn(page);
    await open(page, "/contacts/import");
    // Names of their own: other specs search and count the shared workspace's contacts.
    const run = `${size.name}${Date.now().toString(36)}`;
    const csv = [
      "First Name,Last Name,E-mail Address,Company,Job Title,HubSpot ID,LinkedIn,Notes",
      `Axel,Axe${run},axel-${run}@axe.test,Axe Capital,CFO,axe-${run}-1,https://www.linkedin.com/in/axel-${run},`,
      `Bea,Axe${run},not-an-email,,Analyst,axe-${run}-2,https://example.com/axel,Ignored`,
    ].join("\r\n");
    await page
      .getByLabel("Spreadsheet file (CSV or Excel .xlsx)")
      .setInputFiles({ name: "axe.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect(page.getByTestId("preview-row")).toHaveCount(2);
    await expectNoAxeViolations(page);
    // And its summary, with the rejected rows' button (the keyboard lands on its heading).
    await page.getByRole("button", { name: "Import", exact: true }).press("Enter");
    await expect(page.getByRole("heading", { name: "Import finished" })).toBeFocused();
    await expect(page.getByRole("button", { name: "Download rejected rows" })).toBeVisible();
    await expectNoAxeViolations(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
}

test("the invite page is axe-clean, its errors too", async ({ page }) => {
  await open(page, "/invite/inv_not-a-real-token");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Join the workspace" }).click();
  await expect(page.getByText("At least 8 characters")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the edit form works with the keyboard alone", async ({ page }) => {
  await signIn(page);
  const contact = await createContact(page);
  await open(page, `/contacts/${contact.id}`);
  await page.getByLabel("Primary language").focus();
  await page.keyboard.type("norw");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Primary language")).toHaveValue(/Norwegian/);
  await page.getByLabel("Add a tag").focus();
  await page.keyboard.type("Keyboard");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Save changes" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Contact saved")).toBeVisible();
});

test("what is typed while the language picker loads is kept, and so is the focus", async ({ page }) => {
  // Hold back the picker's code (the chunk with its "No language" option), so the input standing
  // in for it is there long enough to type into, as on a slow connection.
  await page.route("**/_next/static/chunks/*.js", async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes("No language")) await new Promise((r) => setTimeout(r, 2_000));
    await route.fulfill({ response, body });
  });
  await signIn(page);
  const contact = await createContact(page);
  await open(page, `/contacts/${contact.id}`);
  const standIn = page.locator("#contact-primaryLanguage:not([role])");
  await standIn.focus();
  await page.keyboard.type("norw");
  await expect(standIn).toHaveValue("norw");
  // The picker takes over: same text, still focused, its list filtered by it.
  const picker = page.getByRole("combobox", { name: "Primary language" });
  await expect(picker).toHaveValue("norw");
  await expect(picker).toBeFocused();
  await expect(page.getByRole("option", { name: /Norwegian Nynorsk/ })).toBeVisible();
  await page.keyboard.type("egian n");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(picker).toHaveValue(/Norwegian Nynorsk/);
});
