export * from "./api-keys";
export * from "./app-instances";
export * from "./auth";
export * from "./companies";
export * from "./contacts";
export * from "./idempotency-keys";
export * from "./rate-limits";
export * from "./workspaces";
