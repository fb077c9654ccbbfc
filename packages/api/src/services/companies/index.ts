export * from "./create-company";
export * from "./delete-company";
export * from "./ensure-companies";
export * from "./read-companies";
export * from "./update-company";
