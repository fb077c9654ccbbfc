export * from "./hold-rows";
export * from "./test-db";
