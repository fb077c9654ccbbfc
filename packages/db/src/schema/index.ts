export * from "./api-keys";
export * from "./companies";
export * from "./contacts";
export * from "./idempotency-keys";
export * from "./users";
export * from "./workspaces";
