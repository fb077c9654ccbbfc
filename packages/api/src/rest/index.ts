export * from "./handle-rest-request";
export * from "./openapi-document";
export * from "./problem-details";
export * from "./rest-routes";
