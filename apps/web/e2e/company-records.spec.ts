import { expect, test } from "@playwright/test";
import { createContact, open, signIn, trpcMutation, uniqueName } from "./support/app";

/** Companies are records (issue #14, item 3): created from the picker, renamed, refused deletion. */

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("a company created from the picker", async ({ page }) => {
  const name = uniqueName("New Ventures AB");
  // Another company of that name but for case: the picker tells them apart by domain, and
  // creating warns about it.
  const domain = `${name.split(" ").at(-1)}.newventures.se`;
  await trpcMutation(page, "company.create", { name: name.toLowerCase(), domain });
  const contact = await createContact(page);
  await open(page, `/contacts/${contact.id}`);

  const picker = page.getByRole("combobox", { name: "Add a company" });
  await picker.fill(name);
  await expect(page.getByRole("option", { name: `${name.toLowerCase()} ${domain}` })).toBeVisible();
  await page.getByRole("option", { name: `Create “${name}”` }).click();
  await expect(page.getByText(`Created ${name}`)).toBeVisible();
  await expect(page.getByText(`Another company in this workspace is named "${name}"`)).toBeVisible();
  // Still on the contact, the new company connected (and primary, as the first).
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  const row = page.getByTestId("connection-row");
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link", { name })).toBeVisible();
  await expect(row.getByRole("radio")).toBeChecked();
  await row.getByLabel("Job title").fill("Partner");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();

  // The company page: its contact with the title, renamed, and not deletable while connected.
  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const listed = page.getByTestId("company-contact");
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText(`Test ${contact.lastName}`);
  await expect(listed).toContainText("Partner");
  await expect(listed).toContainText("Primary");

  const renamed = `${name} Renamed`;
  await page.getByLabel("Name", { exact: true }).fill(renamed);
  await page.getByLabel("Domain or website").fill("https://www.New-Ventures.example/ir");
  await page.getByRole("button", { name: "Save company" }).click();
  await expect(page.getByText("Company saved")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await expect(page.getByRole("link", { name: "new-ventures.example" })).toHaveAttribute(
    "href",
    "https://new-ventures.example",
  );
  const latest = page.getByTestId("history-entry").first();
  await expect(latest).toContainText(name);
  await expect(latest).toContainText(renamed);

  await page.getByRole("button", { name: "Delete company" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "Not deleted" });
  await expect(refusal).toContainText("contacts are still connected");
  await expect(refusal.getByRole("link", { name: `Test ${contact.lastName}` })).toHaveAttribute(
    "href",
    `/contacts/${contact.id}`,
  );
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();

  // The contact shows the new name.
  await open(page, `/contacts/${contact.id}`);
  await expect(page.getByTestId("connection-row").getByRole("link", { name: renamed })).toBeVisible();
});

test("a company no contact is connected to is deleted from its page", async ({ page }) => {
  const name = uniqueName("Spare Holdings");
  const company = await trpcMutation<{ id: string }>(page, "company.create", { name });
  await open(page, "/companies");
  await page.getByLabel("Search companies").fill(name);
  await page.getByRole("link", { name }).click();
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}$`));
  await expect(page.getByText("No contact is connected to this company.")).toBeVisible();
  await page.getByRole("button", { name: "Delete company" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByText(`Deleted ${name}`)).toBeVisible();
  await expect(page).toHaveURL(/\/companies$/);
  await open(page, `/companies/${company.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Company not found" })).toBeVisible();
});
