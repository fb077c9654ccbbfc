"use client";

import type { WebhookEndpointWithSecret, WebhookEvent } from "@contacts/contracts";
import { type FormEvent, useState } from "react";
import { FieldError } from "@/components/field-error";
import { trpc } from "@/lib/trpc";
import { errorData, errorMessage } from "@/lib/trpc-error";
import { EndpointCard } from "./endpoint-card";
import { EventCheckboxes } from "./event-checkboxes";
import { SecretNotice } from "./secret-notice";

type FieldErrors = Partial<Record<"url" | "events" | "description" | "form", string[]>>;

/** Issues of a webhook form by the field they name (the first key of their path). */
export function webhookFieldErrors(err: unknown): FieldErrors {
  const issues = errorData(err).issues;
  if (!issues) return { form: [errorMessage(err)] };
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    const field = (["url", "events", "description"].includes(key) ? key : "form") as keyof FieldErrors;
    out[field] = [...(out[field] ?? []), issue.message];
  }
  return out;
}

export function WebhooksPage() {
  const utils = trpc.useUtils();
  const endpoints = trpc.webhook.list.useQuery();
  const create = trpc.webhook.create.useMutation();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>(["contact.created", "contact.updated"]);
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<WebhookEndpointWithSecret | null>(null);

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    try {
      setCreated(await create.mutateAsync({ url, events, description }));
      setUrl("");
      setDescription("");
      setErrors({});
      void utils.webhook.list.invalidate();
    } catch (err) {
      setErrors(webhookFieldErrors(err));
    }
  }

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Webhooks</h1>
      <p className="text-sm text-slate-700">
        Each change of a contact is POSTed to your endpoints, signed per Standard Webhooks (
        <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>). Failed
        deliveries are retried for about a day; an endpoint that keeps failing is disabled until you enable
        it.
      </p>
      <form onSubmit={onCreate} noValidate className="card space-y-3" aria-label="New webhook endpoint">
        <div>
          <label htmlFor="webhook-url" className="label">
            Endpoint URL
          </label>
          <input
            id="webhook-url"
            className="input"
            placeholder="https://example.com/webhooks/contacts"
            value={url}
            aria-invalid={errors.url ? true : undefined}
            aria-describedby="webhook-url-error"
            onChange={(e) => setUrl(e.target.value)}
          />
          <FieldError id="webhook-url-error" messages={errors.url ?? []} />
        </div>
        <div>
          <EventCheckboxes
            idPrefix="new-webhook"
            value={events}
            onChange={setEvents}
            describedBy="webhook-events-error"
          />
          <FieldError id="webhook-events-error" messages={errors.events ?? []} />
        </div>
        <div>
          <label htmlFor="webhook-description" className="label">
            Description (optional)
          </label>
          <input
            id="webhook-description"
            className="input"
            placeholder="e.g. CRM sync"
            value={description}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby="webhook-description-error"
            onChange={(e) => setDescription(e.target.value)}
          />
          <FieldError id="webhook-description-error" messages={errors.description ?? []} />
        </div>
        <FieldError id="webhook-form-error" messages={errors.form ?? []} />
        <button type="submit" className="btn-primary" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add endpoint"}
        </button>
      </form>

      {created && (
        <SecretNotice
          title={`Endpoint ${created.endpoint.url} added.`}
          secret={created.secret}
          onDone={() => setCreated(null)}
        />
      )}

      {endpoints.isPending && <p className="text-sm text-slate-600">Loading endpoints…</p>}
      {endpoints.isError && (
        <p className="card text-red-700">Could not load endpoints: {endpoints.error.message}</p>
      )}
      {endpoints.isSuccess && endpoints.data.items.length === 0 && (
        <p className="card">No webhook endpoints yet.</p>
      )}
      {endpoints.isSuccess &&
        endpoints.data.items.map((endpoint) => <EndpointCard key={endpoint.id} endpoint={endpoint} />)}
    </div>
  );
}
