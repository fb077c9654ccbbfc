export * from "./metrics-registry";
export * from "./metrics-response";
export * from "./observe-database";
export * from "./record-request";
