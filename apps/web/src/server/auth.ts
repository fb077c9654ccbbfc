import {
  type Actor,
  defaultSignInThrottle,
  hashPassword,
  isRefusedDemoWorkspace,
  logger,
  logSafeError,
  personActor,
  type SignInAttempt,
  type SignInThrottle,
  verifyPassword,
} from "@contacts/api";
import { type Database, findUserWorkspaceId, newId, schema } from "@contacts/db";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { webEnv } from "../env";
import { clientAddressOf } from "./client-address";
import { getDb } from "./db";

const SESSION_DAYS = 7;

function secret(): string {
  if (webEnv.BETTER_AUTH_SECRET) return webEnv.BETTER_AUTH_SECRET;
  // `pnpm start` refuses to start without one (server.ts); this covers any other way in.
  if (webEnv.NODE_ENV === "production") throw new Error("BETTER_AUTH_SECRET must be set in production");
  return "development-only-secret-never-use-in-production";
}

async function workspaceOfUser(db: Database, userId: string): Promise<string> {
  const workspaceId = await findUserWorkspaceId(db, userId);
  if (!workspaceId) throw new Error("User without a workspace");
  return workspaceId;
}

const SIGN_IN_PATH = "/sign-in/email";

/** The email and client address of a sign-in, from better-auth's context (route or server action). */
function signInAttemptOf(ctx: { body?: unknown; headers?: Headers; request?: Request }): SignInAttempt {
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  return {
    email: typeof email === "string" ? email : "",
    clientAddress: clientAddressOf(ctx.headers ?? ctx.request?.headers ?? new Headers()),
  };
}

export interface AuthOptions {
  /** Failed sign-in limits; by default the environment's (SIGN_IN_* variables). */
  signInThrottle?: SignInThrottle;
}

export function createAuth(db: Database, options: AuthOptions = {}) {
  const throttle = options.signInThrottle ?? defaultSignInThrottle();
  const baseURL = webEnv.BETTER_AUTH_URL ?? `http://localhost:${webEnv.PORT}`;
  return betterAuth({
    appName: "Contacts",
    baseURL,
    secret: secret(),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: schema.users, session: schema.sessions, account: schema.accounts },
    }),
    // Users are made by operators (`pnpm scripts user create`) into a workspace, never by sign-up.
    // The hash is real all the same: better-auth hashes the password given for an unknown email
    // so that it takes as long as a wrong password for a known one (no 500, no timing tell).
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    // better-auth's own limiter is off: it counts in each process's memory (not across
    // instances), only on its HTTP route (not the sign-in server action), every attempt
    // including successful ones, per an address read from X-Forwarded-For by default. The hooks
    // below throttle failed sign-ins instead, in PostgreSQL, on both ways in.
    rateLimit: { enabled: false },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const admission = await throttle.admit(db, signInAttemptOf(ctx));
        if (!admission.allowed) {
          throw new APIError(
            "TOO_MANY_REQUESTS",
            { code: "TOO_MANY_FAILED_SIGN_INS", message: admission.message },
            { "retry-after": String(admission.retryAfterSeconds) },
          );
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        // A failure (wrong password, unknown email) stays counted; a success gives it back.
        if (ctx.path !== SIGN_IN_PATH || isAPIError(ctx.context.returned)) return;
        await throttle.succeeded(db, signInAttemptOf(ctx));
      }),
    },
    user: {
      additionalFields: {
        workspaceId: { type: "string", required: true, input: false },
        // Read with the session on every request, so a changed role holds at the next call.
        role: { type: "string", required: false, input: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * SESSION_DAYS,
      additionalFields: { workspaceId: { type: "string", required: true, input: false } },
    },
    account: {
      additionalFields: { workspaceId: { type: "string", required: true, input: false } },
    },
    databaseHooks: {
      // better-auth makes sessions and accounts knowing only the user: add the user's workspace.
      session: {
        create: {
          before: async (session) => {
            const workspaceId = await workspaceOfUser(db, session.userId);
            // The demo user's published password signs nobody in on a production server.
            if (isRefusedDemoWorkspace(workspaceId)) {
              throw new APIError("UNAUTHORIZED", { message: "Invalid email or password" });
            }
            return { data: { ...session, workspaceId } };
          },
        },
      },
      account: {
        create: {
          before: async (account) => ({
            data: { ...account, workspaceId: await workspaceOfUser(db, account.userId) },
          }),
        },
      },
    },
    advanced: {
      useSecureCookies: true,
      // The schema check wants a verification table, which only email verification and password
      // reset use; neither is offered, and every table here must belong to a workspace.
      database: { generateId: () => newId(), validateSchema: false },
    },
    // Without a configured URL the app is local: both names of this machine may open it.
    trustedOrigins: webEnv.BETTER_AUTH_URL
      ? [baseURL]
      : [`http://localhost:${webEnv.PORT}`, `http://127.0.0.1:${webEnv.PORT}`],
    // Through the app's logger: errors lose SQL and values like every other log line, and
    // other arguments (users, sessions, bodies) are never written (docs/security.md).
    logger: {
      disabled: webEnv.NODE_ENV === "test",
      level: "warn",
      log: (level, message, ...args) =>
        logger[level](
          { errors: args.filter((a) => a instanceof Error).map((a) => logSafeError(a)) },
          `better-auth: ${message}`,
        ),
    },
    // Lets server actions (sign-in, sign-out) set and clear the session cookie. Must stay last.
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** One auth instance per server process, on the one database of the process. */
const holder = globalThis as { __contactsAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  holder.__contactsAuth ??= getDb().then(createAuth);
  return holder.__contactsAuth;
}

/** The signed-in user of a request as an actor, or null. */
export async function sessionActor(headers: Headers): Promise<Actor | null> {
  return actorOfSession(await getAuth(), headers);
}

/**
 * The person a request's session cookie belongs to, with their role's scopes (personActor):
 * the scope check of every procedure then enforces the role.
 */
export async function actorOfSession(auth: Auth, headers: Headers): Promise<Actor | null> {
  const result = await auth.api.getSession({ headers });
  if (!result) return null;
  const { user, session } = result;
  if (isRefusedDemoWorkspace(user.workspaceId)) return null;
  return personActor(user, session.id);
}
