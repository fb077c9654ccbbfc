export * from "./read-changes";
export * from "./sequence-changes";
