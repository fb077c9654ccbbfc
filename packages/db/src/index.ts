export * from "./client";
export * from "./data-dir-lock";
export * from "./ids";
export * from "./migrate";
export * from "./repo-root";
export * from "./rows";
export * as schema from "./schema";
