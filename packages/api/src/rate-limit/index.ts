export * from "./api-rate-limits";
export * from "./client-address";
export * from "./postgres-rate-limiter";
export * from "./rate-limit-headers";
export * from "./sign-in-throttle";
