import { expect, test } from "@playwright/test";
import { createContact, open, signIn } from "./support/app";

/** Issue #14 item 6: forms that help. */

test("a field is checked as the user leaves it, with the server's rule, and the message goes once fixed", async ({
  page,
}) => {
  await signIn(page);
  const contact = await createContact(page);
  await open(page, `/contacts/${contact.id}`);
  const email = page.getByLabel("Email", { exact: true });
  await email.fill("not an email");
  await email.press("Tab");
  await expect(page.locator("#contact-email-error")).not.toBeEmpty();
  // Leaving the field did not drag the user back to it.
  await expect(email).not.toBeFocused();
  await email.fill("fixed@example.com");
  await expect(page.locator("#contact-email-error")).toBeEmpty();
});

test("Tab from Primary language goes straight to the next field", async ({ page }) => {
  await signIn(page);
  const contact = await createContact(page);
  await open(page, `/contacts/${contact.id}`);
  await page.getByLabel("Primary language").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Profile picture id")).toBeFocused();
});

test("a taken external reference names the contact holding it, with a link", async ({ page }) => {
  await signIn(page);
  const holder = await createContact(page, {
    firstName: "Holder",
    lastName: "Of Ref",
    externalRefs: [{ namespace: "hubspot", id: `h-${Date.now()}` }],
  });
  const contact = await createContact(page);
  await open(page, `/contacts/${contact.id}`);
  await page.getByRole("button", { name: "Add reference" }).click();
  await page.getByLabel("Namespace of reference 1").fill("hubspot");
  await page.getByLabel("Id of reference 1").fill(holder.externalRefs[0]!.id);
  await page.getByRole("button", { name: "Save changes" }).click();
  const link = page.getByRole("alert").getByRole("link", { name: "Holder Of Ref" });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute("href", `/contacts/${holder.id}`);
  await expect(page.getByText(holder.id)).toHaveCount(0);
});

test("email, phone and LinkedIn are links, the phone formatted to read; the tab names the contact", async ({
  page,
}) => {
  await signIn(page);
  const contact = await createContact(page, {
    firstName: "Linda",
    lastName: "Links",
    phone: "+46701234567",
    linkedInUrl: "https://www.linkedin.com/in/linda-links",
  });
  await open(page, `/contacts/${contact.id}`);
  await expect(page.getByRole("link", { name: `Email ${contact.email}` })).toHaveAttribute(
    "href",
    `mailto:${contact.email}`,
  );
  await expect(page.getByRole("link", { name: "Call +46 70 123 45 67" })).toHaveAttribute(
    "href",
    "tel:+46701234567",
  );
  await expect(page.getByRole("link", { name: "Open LinkedIn profile" })).toHaveAttribute(
    "href",
    "https://www.linkedin.com/in/linda-links",
  );
  await expect(page).toHaveTitle("Linda Links · Contacts");
});

test("an unknown address gets the app's own 404, and the app has an icon", async ({ page }) => {
  await signIn(page);
  const response = await page.goto("/no-such-page/here");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to contacts" })).toBeVisible();
  const icon = await page.request.get("/icon.svg");
  expect(icon.status()).toBe(200);
});
