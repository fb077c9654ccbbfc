import { type ApiKeyScope, type ErrorData, grantsScope } from "@contacts/contracts";
import type { Database } from "@contacts/db";
import { initTRPC, TRPCError } from "@trpc/server";
import type { Actor } from "./actor";
import { databaseDomainError } from "./database-errors";
import { describeError } from "./describe-error";
import { DomainError, MissingScopeError, SessionRequiredError, ValidationError } from "./errors";
import { findUnstorableText } from "./find-unstorable-text";
import { type Logger, logger } from "./logger";
import { nudgeWebhookDelivery } from "./services/webhooks/delivery-wake-up";

/**
 * The inner context: what every procedure may use. HTTP builds it from a request (API key or
 * session); tests and scripts build it directly with an actor.
 */
export interface Context {
  db: Database;
  actor: Actor | null;
  log: Logger;
}

export function createContextInner(opts: { db: Database; actor: Actor | null; log?: Logger }): Context {
  return { db: opts.db, actor: opts.actor, log: opts.log ?? logger };
}

/**
 * What every procedure declares: the scope an API key needs to call it
 * (`protectedProcedure.meta({ scope: "contacts:write" })`). `procedure-scopes.test.ts` fails
 * for any procedure of the router without one.
 */
export interface ProcedureMeta {
  scope: ProcedureScope;
}

/**
 * What a procedure needs: a scope (which an API key or a role grants), or OWN_ACCOUNT for a
 * person's own account (user.me, changePassword, signOutOtherSessions), which every signed-in
 * person has whatever their role, and no API key: a key has no password or sessions.
 */
export const OWN_ACCOUNT = "own_account";
export type ProcedureScope = ApiKeyScope | typeof OWN_ACCOUNT;

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // Stack traces never leave the server, in any environment.
    isDev: false,
    // Subscriptions (contact.watch) over server-sent events: a comment line every 15 s keeps
    // proxies from closing an idle stream; after 10 minutes the server ends it and the client
    // reconnects from its last event, so credentials are checked again (a revoked key or an
    // ended session stops receiving) and connections spread over instances.
    sse: {
      ping: { enabled: true, intervalMs: 15_000 },
      maxDurationMs: 10 * 60_000,
      client: { reconnectAfterInactivityMs: 40_000 },
    },
    errorFormatter({ shape, error }) {
      const { message, ...described } = describeError(error);
      return {
        ...shape,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          ...described,
        } satisfies ErrorData,
      };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** A domain error as the tRPC error of the same code. */
const asTrpcError = (err: DomainError) => new TRPCError({ code: err.code, message: err.message, cause: err });

/** Bad input is the caller's error (docs/api.md §7), even where a procedure's schema allows any text. */
async function assertStorableInput(getRawInput: () => Promise<unknown>): Promise<void> {
  const issues = findUnstorableText(await getRawInput());
  if (issues.length) throw asTrpcError(new ValidationError(issues, "UNSTORABLE_TEXT"));
}

/** A procedure's outcome with domain errors turned into tRPC errors; anything else is logged as ours. */
function withDomainErrors<R extends { ok: boolean }>(result: R, log: Logger, path: string): R {
  if (!result.ok) {
    const err = (result as unknown as { error: TRPCError }).error;
    if (err.cause instanceof DomainError) throw asTrpcError(err.cause);
    // A lock or statement timeout, or no database: a 409 or 503 with a reason, never a 500.
    const fromDatabase = databaseDomainError(err.cause);
    if (fromDatabase) throw asTrpcError(fromDatabase);
    if (err.code === "INTERNAL_SERVER_ERROR")
      log.error({ err: err.cause ?? err, procedure: path }, "procedure failed");
  }
  return result;
}

// One middleware per procedure kind, not one per concern: each tRPC middleware level costs CPU
// on every call (docs/performance.md).

export const publicProcedure = t.procedure.use(async ({ ctx, next, getRawInput, path }) => {
  await assertStorableInput(getRawInput);
  return withDomainErrors(await next(), ctx.log, path);
});

/**
 * Every data procedure needs an actor: an API key or a signed-in user, holding the scope the
 * procedure declares. Both are checked before any input is read, so a caller without them
 * learns nothing, not even what input is wrong, and nothing is written.
 */
export const protectedProcedure = t.procedure.use(async ({ ctx, next, getRawInput, path, type, meta }) => {
  const actor = ctx.actor;
  // No cause: the reason is the code's own (UNAUTHENTICATED), and nothing else is said.
  if (!actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Missing or invalid credentials" });
  // A procedure that declares no scope is our bug (the router test catches it): refuse, loudly.
  if (!meta?.scope) throw new Error(`Procedure ${path} declares no scope`);
  if (meta.scope === OWN_ACCOUNT) {
    if (actor.type !== "user") throw asTrpcError(new SessionRequiredError());
  } else if (!grantsScope(actor.scopes, meta.scope))
    throw asTrpcError(new MissingScopeError(meta.scope, actor.role));
  await assertStorableInput(getRawInput);
  const result = withDomainErrors(await next({ ctx: { ...ctx, actor } }), ctx.log, path);
  // A committed write may have made changes to send: wake this process's webhook delivery.
  if (type === "mutation") nudgeWebhookDelivery();
  return result;
});
