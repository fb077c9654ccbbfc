import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { createContact, open, signIn, trpcMutation } from "./support/app";

test("webhooks: add an endpoint, change a contact, see the delivery delivered to a local receiver", async ({
  page,
}) => {
  const received: { id: string; body: { type: string; data: { contactId: string } } }[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        id: String(req.headers["webhook-id"]),
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  try {
    await signIn(page);
    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    await page.getByLabel("Endpoint URL").fill(url);
    await page.getByLabel("contact.created").uncheck();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByTestId("webhook-secret")).toHaveText(/^whsec_[A-Za-z0-9+/=]{44}$/);
    await page.getByRole("button", { name: "Done" }).click();
    const card = page.getByTestId("webhook-endpoint").filter({ hasText: url });
    await expect(card.getByTestId("webhook-state")).toHaveText("Enabled");

    const contact = await createContact(page, { firstName: "Webhook", lastName: "Target" });
    await trpcMutation(page, "contact.update", { id: contact.id, data: { lastName: "Delivered" } });
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
    expect(received[0]?.body).toMatchObject({ type: "contact.updated", data: { contactId: contact.id } });

    await open(page, "/webhooks");
    await card.getByRole("button", { name: "Recent deliveries" }).click();
    const row = card.getByTestId("webhook-delivery");
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("webhook-delivery-status")).toHaveText("delivered");
    await expect(row).toContainText("204");

    await row.getByRole("button", { name: "Redeliver" }).click();
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
    expect(received[1]?.id).toBe(received[0]?.id);
  } finally {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
