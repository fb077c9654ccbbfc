export * from "./company-reads";
export * from "./company-rows";
export * from "./company-write";
export * from "./create-company";
export * from "./delete-company";
export * from "./ensure-companies";
export * from "./update-company";
