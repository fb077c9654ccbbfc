export * from "./api-keys";
export * from "./companies";
export * from "./contacts";
export * from "./users";
export * from "./workspaces";
