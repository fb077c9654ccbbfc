"use client";

import type { ApiKeyScope } from "@contacts/contracts";
import {
  API_KEY_SCOPE_DESCRIPTIONS,
  API_KEY_SCOPES,
  READ_ONLY_API_KEY_SCOPES,
} from "@contacts/contracts/schemas/api-key-scope-names";
import { FieldError } from "@/components/field-error";

/**
 * The scopes a new key gets, one checkbox each (from the contract, so a new scope shows up
 * here by itself), with the two choices people make most as presets.
 */
export function ApiKeyScopesPicker({
  value,
  onChange,
  errors,
}: {
  value: readonly ApiKeyScope[];
  onChange: (scopes: ApiKeyScope[]) => void;
  errors: string[];
}) {
  const toggle = (scope: ApiKeyScope, on: boolean) =>
    onChange(API_KEY_SCOPES.filter((s) => (s === scope ? on : value.includes(s))));
  return (
    <fieldset className="w-full" aria-describedby="api-key-scopes-error">
      <legend className="label">Scopes</legend>
      <div className="mb-2 flex flex-wrap gap-2">
        <button
          type="button"
          className="btn-secondary"
          onClick={() => onChange([...READ_ONLY_API_KEY_SCOPES])}
        >
          Read only
        </button>
        <button type="button" className="btn-secondary" onClick={() => onChange([...API_KEY_SCOPES])}>
          Full access
        </button>
      </div>
      <div className="grid gap-1 sm:grid-cols-2">
        {API_KEY_SCOPES.map((scope) => {
          const id = `api-key-scope-${scope.replace(":", "-")}`;
          return (
            <div key={scope} className="flex items-start gap-2 text-sm">
              <input
                id={id}
                type="checkbox"
                name="scopes"
                value={scope}
                className="mt-0.5 size-4"
                checked={value.includes(scope)}
                aria-describedby={`${id}-description`}
                onChange={(e) => toggle(scope, e.target.checked)}
              />
              <div>
                <label htmlFor={id} className="font-mono">
                  {scope}
                </label>
                <p id={`${id}-description`} className="text-slate-600">
                  {API_KEY_SCOPE_DESCRIPTIONS[scope]}
                </p>
              </div>
            </div>
          );
        })}
      </div>
      <p className="mt-1 text-xs text-slate-600">
        With every scope checked the key has full access, including scopes added later.
      </p>
      <FieldError id="api-key-scopes-error" messages={errors} />
    </fieldset>
  );
}
