"use client";

import type { WebhookEvent } from "@contacts/contracts";
import { WEBHOOK_EVENTS } from "@contacts/contracts/schemas/change-types";

/** Which events an endpoint receives: one checkbox per change type. */
export function EventCheckboxes({
  idPrefix,
  value,
  onChange,
  describedBy,
}: {
  idPrefix: string;
  value: WebhookEvent[];
  onChange: (events: WebhookEvent[]) => void;
  describedBy?: string;
}) {
  return (
    <fieldset aria-describedby={describedBy}>
      <legend className="label">Events</legend>
      <div className="flex flex-wrap gap-4">
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} htmlFor={`${idPrefix}-${event}`} className="flex items-center gap-2 text-sm">
            <input
              id={`${idPrefix}-${event}`}
              type="checkbox"
              checked={value.includes(event)}
              onChange={(e) =>
                onChange(e.target.checked ? [...value, event] : value.filter((v) => v !== event))
              }
            />
            <code>{event}</code>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
