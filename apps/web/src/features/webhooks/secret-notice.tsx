"use client";

import { toast } from "@/components/toast";

/** A signing secret, shown once (after create or rotate), with a copy button. */
export function SecretNotice({
  title,
  secret,
  onDone,
}: {
  title: string;
  secret: string;
  onDone: () => void;
}) {
  return (
    <div role="status" className="card border-amber-300 bg-amber-50">
      <p className="font-medium">{title} Copy the signing secret now: it is not shown again.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code data-testid="webhook-secret" className="rounded bg-white px-2 py-1 text-sm break-all">
          {secret}
        </code>
        <button
          type="button"
          className="btn-secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret).catch(() => {});
            toast.success("Copied");
          }}
        >
          Copy
        </button>
        <button type="button" className="btn-secondary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
