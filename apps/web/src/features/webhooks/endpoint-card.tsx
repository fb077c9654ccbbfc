"use client";

import type { WebhookEndpoint, WebhookEvent } from "@contacts/contracts";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "@/components/confirm-button";
import { FieldError } from "@/components/field-error";
import { toast } from "@/components/toast";
import { trpc } from "@/lib/trpc";
import { errorMessage } from "@/lib/trpc-error";
import { DeliveriesTable } from "./deliveries-table";
import { EventCheckboxes } from "./event-checkboxes";
import { formatDate } from "./format-date";
import { SecretNotice } from "./secret-notice";
import { webhookFieldErrors } from "./webhooks-page";

/** One endpoint: its state, what can be done with it, and its recent deliveries. */
export function EndpointCard({ endpoint }: { endpoint: WebhookEndpoint }) {
  const utils = trpc.useUtils();
  const update = trpc.webhook.update.useMutation();
  const enable = trpc.webhook.enable.useMutation();
  const disable = trpc.webhook.disable.useMutation();
  const rotate = trpc.webhook.rotateSecret.useMutation();
  const remove = trpc.webhook.delete.useMutation();
  const [editing, setEditing] = useState(false);
  const [url, setUrl] = useState(endpoint.url);
  const [events, setEvents] = useState<WebhookEvent[]>(endpoint.events);
  const [errors, setErrors] = useState<ReturnType<typeof webhookFieldErrors>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const refresh = () => void utils.webhook.list.invalidate();
  const idPrefix = `webhook-${endpoint.id}`;

  async function act(label: string, run: () => Promise<unknown>) {
    try {
      await run();
      toast.success(label);
    } catch (err) {
      toast.error(`${label} failed: ${errorMessage(err)}`);
    }
    refresh();
  }

  async function onSave(e: FormEvent) {
    e.preventDefault();
    try {
      await update.mutateAsync({ id: endpoint.id, url, events });
      setEditing(false);
      setErrors({});
      refresh();
    } catch (err) {
      setErrors(webhookFieldErrors(err));
    }
  }

  return (
    <section className="card space-y-3" aria-label={`Webhook ${endpoint.url}`} data-testid="webhook-endpoint">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <p className="font-medium break-all">{endpoint.url}</p>
          {endpoint.description && <p className="text-sm text-slate-700">{endpoint.description}</p>}
          <p className="text-sm text-slate-600">
            {endpoint.events.map((e) => (
              <code key={e} className="mr-2">
                {e}
              </code>
            ))}
          </p>
          <p className="text-sm" data-testid="webhook-state">
            {endpoint.enabled ? (
              <span className="font-medium text-green-700">Enabled</span>
            ) : (
              <span className="font-medium text-red-700">
                Disabled {formatDate(endpoint.disabledAt)}: {endpoint.disabledReason}
              </span>
            )}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="button" className="btn-secondary" onClick={() => setEditing((v) => !v)}>
            {editing ? "Cancel edit" : "Edit"}
          </button>
          {endpoint.enabled ? (
            <button
              type="button"
              className="btn-secondary"
              onClick={() => act("Disabled", () => disable.mutateAsync({ id: endpoint.id }))}
            >
              Disable
            </button>
          ) : (
            <button
              type="button"
              className="btn-secondary"
              onClick={() => act("Enabled", () => enable.mutateAsync({ id: endpoint.id }))}
            >
              Enable
            </button>
          )}
          <button
            type="button"
            className="btn-secondary"
            onClick={() =>
              act("New secret made", async () =>
                setSecret((await rotate.mutateAsync({ id: endpoint.id })).secret),
              )
            }
          >
            Rotate secret
          </button>
          <ConfirmButton
            aria-label={`Delete webhook ${endpoint.url}`}
            title="Delete this endpoint?"
            description={`${endpoint.url} stops receiving changes at once, and its deliveries are deleted. This cannot be undone.`}
            descriptionClassName="mt-2 text-sm text-slate-700 break-all"
            confirmLabel="Delete endpoint"
            onConfirm={() => act("Deleted", () => remove.mutateAsync({ id: endpoint.id }))}
          >
            Delete
          </ConfirmButton>
        </div>
      </div>

      {secret && <SecretNotice title="New secret made." secret={secret} onDone={() => setSecret(null)} />}

      {editing && (
        <form onSubmit={onSave} noValidate className="space-y-3" aria-label="Edit webhook endpoint">
          <div>
            <label htmlFor={`${idPrefix}-url`} className="label">
              Endpoint URL
            </label>
            <input
              id={`${idPrefix}-url`}
              className="input"
              value={url}
              aria-invalid={errors.url ? true : undefined}
              aria-describedby={`${idPrefix}-url-error`}
              onChange={(e) => setUrl(e.target.value)}
            />
            <FieldError id={`${idPrefix}-url-error`} messages={errors.url ?? []} />
          </div>
          <EventCheckboxes
            idPrefix={idPrefix}
            value={events}
            onChange={setEvents}
            describedBy={`${idPrefix}-ev-error`}
          />
          <FieldError
            id={`${idPrefix}-ev-error`}
            messages={[...(errors.events ?? []), ...(errors.form ?? [])]}
          />
          <button type="submit" className="btn-primary" disabled={update.isPending}>
            Save
          </button>
        </form>
      )}

      <button
        type="button"
        className="btn-secondary"
        aria-expanded={showDeliveries}
        onClick={() => setShowDeliveries((v) => !v)}
      >
        {showDeliveries ? "Hide deliveries" : "Recent deliveries"}
      </button>
      {showDeliveries && <DeliveriesTable endpointId={endpoint.id} />}
    </section>
  );
}
