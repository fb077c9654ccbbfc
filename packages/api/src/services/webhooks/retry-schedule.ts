/**
 * When each attempt of a delivery is made, counted from the failure of the one before (the
 * first at once): about 28 hours in all, as Svix does. After the last failed attempt the
 * delivery is `failed` and its endpoint disabled (docs/api.md, "Webhooks").
 */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** When the attempt after `attemptsMade` failed ones is due, or null when none is left. */
export function nextAttemptAt(schedule: readonly number[], attemptsMade: number, now: Date): Date | null {
  const delay = schedule[attemptsMade];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}
