"use client";

import Link from "next/link";
import { toast } from "@/components/toast";
import { trpc } from "@/lib/trpc";
import { errorMessage } from "@/lib/trpc-error";
import { formatDate } from "./format-date";

/** How often the table looks again while shown: deliveries move within seconds. */
const REFRESH_MS = 2_000;

/** An endpoint's most recent deliveries, newest first, with a Redeliver button on each. */
export function DeliveriesTable({ endpointId }: { endpointId: string }) {
  const utils = trpc.useUtils();
  const deliveries = trpc.webhook.deliveries.useQuery(
    { endpointId, limit: 20 },
    { refetchInterval: REFRESH_MS },
  );
  const redeliver = trpc.webhook.redeliver.useMutation();

  if (deliveries.isPending) return <p className="text-sm text-slate-600">Loading deliveries…</p>;
  if (deliveries.isError) return <p className="text-sm text-red-700">{deliveries.error.message}</p>;
  if (deliveries.data.items.length === 0) return <p className="text-sm text-slate-700">No deliveries yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Recent deliveries</caption>
        <thead className="border-b border-slate-200 bg-slate-50">
          <tr>
            {["Event", "Contact", "Status", "Response", "Attempts", "Last attempt", "Next attempt"].map(
              (h) => (
                <th key={h} scope="col" className="px-3 py-2">
                  {h}
                </th>
              ),
            )}
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data.items.map((d) => (
            <tr key={d.id} className="border-b border-slate-100" data-testid="webhook-delivery">
              <td className="px-3 py-2">
                <code>{d.type}</code>
              </td>
              <td className="px-3 py-2">
                <Link href={`/contacts/${d.contactId}`} className="text-brand-700 underline">
                  Contact
                </Link>
              </td>
              <td className="px-3 py-2" data-testid="webhook-delivery-status">
                {d.status}
              </td>
              <td className="px-3 py-2" title={d.lastError ?? undefined}>
                {d.lastStatusCode ?? (d.lastError ? "no answer" : "—")}
                {d.lastError && <span className="block text-xs text-red-700">{d.lastError}</span>}
              </td>
              <td className="px-3 py-2">{d.attempts}</td>
              <td className="px-3 py-2">{formatDate(d.lastAttemptAt)}</td>
              <td className="px-3 py-2">{formatDate(d.nextAttemptAt)}</td>
              <td className="px-3 py-2 text-right">
                <button
                  type="button"
                  className="btn-secondary"
                  disabled={redeliver.isPending}
                  onClick={async () => {
                    try {
                      await redeliver.mutateAsync({ deliveryId: d.id });
                      toast.success("Queued for redelivery");
                    } catch (err) {
                      toast.error(`Not redelivered: ${errorMessage(err)}`);
                    }
                    void utils.webhook.deliveries.invalidate({ endpointId });
                  }}
                >
                  Redeliver
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
