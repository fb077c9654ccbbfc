import { apiKeyRouter } from "./routers/api-key-router";
import { companyRouter } from "./routers/company-router";
import { contactRouter } from "./routers/contact-router";
import { tagRouter } from "./routers/tag-router";
import { userRouter } from "./routers/user-router";
import { webhookRouter } from "./routers/webhook-router";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  contact: contactRouter,
  company: companyRouter,
  tag: tagRouter,
  apiKey: apiKeyRouter,
  webhook: webhookRouter,
  user: userRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side calls without HTTP (tests, scripts): `createCaller(createContextInner(...))`. */
export const createCaller = createCallerFactory(appRouter);
