"use client";

import type { ApiKeyScope, CreatedApiKey } from "@contacts/contracts";
import { API_KEY_SCOPES } from "@contacts/contracts/schemas/api-key-scope-names";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "@/components/confirm-button";
import { FieldError } from "@/components/field-error";
import { toast } from "@/components/toast";
import { trpc } from "@/lib/trpc";
import { errorData, errorMessage } from "@/lib/trpc-error";
import { ApiKeyScopesPicker } from "./api-key-scopes-picker";

const formatDate = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso))
    : "—";

export function ApiKeysPage() {
  const utils = trpc.useUtils();
  const keys = trpc.apiKey.list.useQuery();
  const create = trpc.apiKey.create.useMutation();
  const revoke = trpc.apiKey.revoke.useMutation();
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string[]>([]);
  const [scopes, setScopes] = useState<ApiKeyScope[]>([...API_KEY_SCOPES]);
  const [scopesError, setScopesError] = useState<string[]>([]);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    try {
      // Every scope checked is full access, as a key made without choosing (docs/decisions.md).
      const all = API_KEY_SCOPES.every((s) => scopes.includes(s));
      setCreated(await create.mutateAsync(all ? { name } : { name, scopes }));
      setName("");
      setScopes([...API_KEY_SCOPES]);
      setNameError([]);
      setScopesError([]);
      void utils.apiKey.list.invalidate();
    } catch (err) {
      const issues = errorData(err).issues;
      if (!issues) {
        setNameError([errorMessage(err)]);
        setScopesError([]);
        return;
      }
      setNameError(issues.filter((i) => i.path[0] !== "scopes").map((i) => i.message));
      setScopesError(issues.filter((i) => i.path[0] === "scopes").map((i) => i.message));
    }
  }

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">API keys</h1>
      <p className="text-sm text-slate-700">
        Servers call the API with <code>Authorization: Bearer &lt;key&gt;</code>. Keys act in this workspace.
      </p>
      <form
        onSubmit={onCreate}
        noValidate
        className="card flex flex-wrap items-start gap-3"
        aria-label="New API key"
      >
        <div className="min-w-56 flex-1">
          <label htmlFor="api-key-name" className="label">
            Key name
          </label>
          <input
            id="api-key-name"
            className="input"
            placeholder="e.g. salesforce sync"
            value={name}
            aria-invalid={nameError.length > 0 || undefined}
            aria-describedby="api-key-name-error"
            onChange={(e) => setName(e.target.value)}
          />
          <FieldError id="api-key-name-error" messages={nameError} />
        </div>
        <button type="submit" className="btn-primary mt-6" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create key"}
        </button>
        <ApiKeyScopesPicker value={scopes} onChange={setScopes} errors={scopesError} />
      </form>

      {created && (
        <div role="status" className="card border-amber-300 bg-amber-50">
          <p className="font-medium">Key “{created.name}” created. Copy it now: it is not shown again.</p>
          <p className="text-sm text-slate-700">Scopes: {created.scopes.join(", ")}</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code data-testid="new-api-key" className="rounded bg-white px-2 py-1 text-sm break-all">
              {created.key}
            </code>
            <button
              type="button"
              className="btn-secondary"
              onClick={async () => {
                await navigator.clipboard?.writeText(created.key).catch(() => {});
                toast.success("Copied");
              }}
            >
              Copy
            </button>
            <button type="button" className="btn-secondary" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}

      {keys.isPending && <p className="text-sm text-slate-600">Loading keys…</p>}
      {keys.isSuccess && keys.data.items.length === 0 && <p className="card">No API keys yet.</p>}
      {keys.isSuccess && keys.data.items.length > 0 && (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          {/* relative: the sr-only header is placed absolutely; it must scroll with the table, not widen the page. */}
          <table className="w-full text-left text-sm">
            <caption className="sr-only">API keys of this workspace</caption>
            <thead className="border-b border-slate-200 bg-slate-50">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Name
                </th>
                <th scope="col" className="px-3 py-2">
                  Key
                </th>
                <th scope="col" className="px-3 py-2">
                  Scopes
                </th>
                <th scope="col" className="px-3 py-2">
                  Created
                </th>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <tr key={key.id} className="border-b border-slate-100" data-testid="api-key-row">
                  <td className="px-3 py-2 font-medium">{key.name}</td>
                  <td className="px-3 py-2">
                    <code>{key.keyPrefix}</code>
                  </td>
                  <td className="px-3 py-2" data-testid="api-key-scopes">
                    <ul className="flex flex-wrap gap-1">
                      {key.scopes.map((scope) => (
                        <li key={scope}>
                          <code className="rounded bg-slate-100 px-1 text-xs">{scope}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="px-3 py-2">{formatDate(key.createdAt)}</td>
                  <td className="px-3 py-2">
                    {key.revokedAt ? `Revoked ${formatDate(key.revokedAt)}` : "Active"}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {!key.revokedAt && (
                      <ConfirmButton
                        aria-label={`Revoke ${key.name}`}
                        title={`Revoke “${key.name}”?`}
                        description="Calls with this key stop working at once. This cannot be undone."
                        confirmLabel="Revoke key"
                        onConfirm={async () => {
                          try {
                            await revoke.mutateAsync({ id: key.id });
                            toast.success(`Revoked ${key.name}`);
                          } catch (err) {
                            toast.error(`Not revoked: ${errorMessage(err)}`);
                          }
                          void utils.apiKey.list.invalidate();
                        }}
                      >
                        Revoke
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
