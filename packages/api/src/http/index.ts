export * from "./database-error-response";
export * from "./error-response";
export * from "./handle-trpc-request";
export * from "./health";
export * from "./node-client-address";
export * from "./read-body-with-limit";
export * from "./serve-trpc-over-node";
