import {
  type ClaimedWebhookDelivery,
  claimDueWebhookDeliveries,
  type Database,
  fanOutWebhookDeliveries,
  recordWebhookAttempt,
  sequenceChanges,
  workspacesWithEnabledWebhooks,
} from "@contacts/db";
import { type Logger, logger } from "../../logger";
import { onWebhookNudge } from "./delivery-wake-up";
import { postWebhook, WEBHOOK_TIMEOUT_MS } from "./post-webhook";
import { type ReceiverPolicy, receiverPolicyFromEnv } from "./receiver-address";
import { nextAttemptAt, WEBHOOK_RETRY_SCHEDULE_MS } from "./retry-schedule";
import { decryptWebhookSecret, signWebhook } from "./webhook-secret";

export interface WebhookDispatcherOptions {
  /** Delays before each attempt (retry-schedule.ts); tests pass milliseconds. */
  schedule?: readonly number[];
  /** The clock of schedules and leases; tests may move it. */
  now?: () => Date;
  policy?: ReceiverPolicy;
  timeoutMs?: number;
  /** How often to look for work when nothing nudges (other processes' writes, retries). */
  pollMs?: number;
  /** How long a claimed delivery is held; past it, another dispatcher may send it again. */
  leaseMs?: number;
  /** Deliveries claimed and sent at once. */
  batchSize?: number;
  /** Changes fanned out per endpoint and statement. */
  fanOutLimit?: number;
  log?: Logger;
}

export interface DispatchRound {
  fannedOut: number;
  attempted: number;
  delivered: number;
}

/** Shortest time between the starts of two rounds that writes asked for. */
const MIN_ROUND_GAP_MS = 50;

/**
 * Delivers webhooks from one process: fans committed changes out into deliveries and sends
 * those due, safe beside any number of other dispatchers on the same database (each step
 * claims with `FOR UPDATE SKIP LOCKED`). `start()` runs it every `pollMs` and at every nudge
 * (nudges during a round: one more round, at most every MIN_ROUND_GAP_MS).
 */
export class WebhookDispatcher {
  private readonly schedule: readonly number[];
  private readonly now: () => Date;
  private readonly policy: ReceiverPolicy;
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly fanOutLimit: number;
  private readonly log: Logger;

  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private nudged = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    options: WebhookDispatcherOptions = {},
  ) {
    this.schedule = options.schedule ?? WEBHOOK_RETRY_SCHEDULE_MS;
    this.now = options.now ?? (() => new Date());
    this.policy = options.policy ?? receiverPolicyFromEnv();
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    this.pollMs = options.pollMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.batchSize = options.batchSize ?? 50;
    this.fanOutLimit = options.fanOutLimit ?? 500;
    this.log = options.log ?? logger;
  }

  /** Fans out every workspace's new changes; answers how many deliveries it made. */
  async fanOut(): Promise<number> {
    let made = 0;
    for (const workspaceId of await workspacesWithEnabledWebhooks(this.db)) {
      await sequenceChanges(this.db, workspaceId);
      for (;;) {
        const { inserted, more } = await fanOutWebhookDeliveries(this.db, {
          workspaceId,
          now: this.now(),
          limit: this.fanOutLimit,
        });
        made += inserted;
        if (!more) break;
      }
    }
    return made;
  }

  /** Claims the due deliveries (one batch) and makes one attempt of each, side by side. */
  async sendDue(): Promise<{ attempted: number; delivered: number }> {
    const now = this.now();
    const claimed = await claimDueWebhookDeliveries(this.db, {
      now,
      leaseUntil: new Date(now.getTime() + this.leaseMs),
      limit: this.batchSize,
    });
    const results = await Promise.all(claimed.map((claim) => this.attempt(claim)));
    return { attempted: claimed.length, delivered: results.filter(Boolean).length };
  }

  /** Fan-out, then sending until nothing is due: what one wake-up does. */
  async runOnce(): Promise<DispatchRound> {
    const round: DispatchRound = { fannedOut: await this.fanOut(), attempted: 0, delivered: 0 };
    // Until nothing is due: a delivered change makes its contact's next one claimable.
    for (;;) {
      const sent = await this.sendDue();
      round.attempted += sent.attempted;
      round.delivered += sent.delivered;
      if (sent.attempted === 0) return round;
    }
  }

  /** One attempt of one claimed delivery, outside any transaction; true when delivered. */
  private async attempt(claim: ClaimedWebhookDelivery): Promise<boolean> {
    const sentAt = this.now();
    let result: { statusCode: number | null; error: string | null };
    try {
      const secret = decryptWebhookSecret(claim.secretCiphertext);
      const body = JSON.stringify({ type: claim.type, timestamp: sentAt.toISOString(), data: claim.data });
      // The wall clock, not the injectable one: receivers compare it with theirs.
      const timestamp = Math.floor(Date.now() / 1000);
      result = await postWebhook(
        claim.url,
        {
          "webhook-id": claim.changeId,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signWebhook(secret, claim.changeId, timestamp, body),
        },
        body,
        { policy: this.policy, timeoutMs: this.timeoutMs },
      );
    } catch (err) {
      result = { statusCode: null, error: (err as Error).message.slice(0, 200) };
    }
    const done = this.now();
    const delivered = result.error === null && result.statusCode !== null;
    const attemptsMade = claim.attempts + 1;
    const recorded = await recordWebhookAttempt(
      this.db,
      claim,
      done,
      delivered
        ? { delivered: true, statusCode: result.statusCode as number }
        : {
            delivered: false,
            statusCode: result.statusCode,
            error: result.error ?? "Failed",
            nextAttemptAt: nextAttemptAt(this.schedule, attemptsMade, done),
            disabledReason: `Disabled after ${attemptsMade} failed attempts to deliver a change: ${result.error ?? "failed"}`,
          },
    );
    if (!recorded) {
      this.log.warn(
        { deliveryId: claim.id },
        "webhook attempt outlived its lease; another dispatcher has it",
      );
    }
    return delivered && recorded;
  }

  /** Runs until stop(): a round at every nudge, and at least every pollMs. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = onWebhookNudge(() => this.nudge());
    this.loop = this.run();
  }

  /** Asks for a round now (a write in this process committed). */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.nudged = false;
      const started = Date.now();
      try {
        await this.runOnce();
      } catch (err) {
        // The database may be down or restarting: the next poll tries again.
        this.log.warn({ err }, "webhook delivery round failed");
      }
      if (!this.running) continue;
      // Writes nudged meanwhile: one round for all of them, at most every MIN_ROUND_GAP_MS.
      // Back to back, a busy server ran a round (two statements) per ~4 writes (pnpm bench).
      const wait = this.nudged ? Math.max(0, MIN_ROUND_GAP_MS - (Date.now() - started)) : this.pollMs;
      if (wait === 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = this.nudged
          ? undefined
          : () => {
              clearTimeout(timer);
              resolve();
            };
      });
      this.wake = undefined;
    }
  }

  /** Stops after the round in flight (its attempts are recorded, not cut off). */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }
}
