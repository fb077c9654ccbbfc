import path from "node:path";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/app";

/** Regenerates docs/screenshots/*.png: `UPDATE_SCREENSHOTS=1 pnpm --filter @contacts/web test:e2e`. */
const OUT = path.resolve(import.meta.dirname, "../../../docs/screenshots");

test.skip(!process.env.UPDATE_SCREENSHOTS, "set UPDATE_SCREENSHOTS=1 to regenerate the README screenshots");

test.setTimeout(90_000);

test("README screenshots: list, form with an error, history", async ({ page }) => {
  await page.setViewportSize({ width: 1200, height: 860 });
  await signIn(page);
  await expect(page.getByTestId("contact-row")).toHaveCount(6);
  await page.screenshot({ path: path.join(OUT, "contact-list.png") });

  await page.getByRole("link", { name: "James Whitfield" }).click();
  await page.getByLabel("Phone").fill("+44 20 7946 0958");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();
  await page.getByLabel("Phone").fill("020 7946");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#contact-phone-error")).not.toBeEmpty();
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 15_000 });
  await page.screenshot({ path: path.join(OUT, "contact-form-error.png") });

  await page.getByRole("heading", { name: "History" }).scrollIntoViewIfNeeded();
  await page.getByRole("button", { name: "Discard changes" }).click();
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 15_000 });
  await page
    .getByRole("region", { name: "History" })
    .screenshot({ path: path.join(OUT, "contact-history.png") });
});
