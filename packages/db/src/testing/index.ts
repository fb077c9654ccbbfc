export * from "./test-db";
