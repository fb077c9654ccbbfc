export * from "./contacts-client";
export * from "./contacts-client-error";
export * from "./retry-after";
