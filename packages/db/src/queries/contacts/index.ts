export * from "./contact-history";
export * from "./contact-record";
export * from "./find-contact-id-by-external-ref";
export * from "./lock-contacts";
export * from "./read-contact-for-write";
export * from "./select-contacts";
export * from "./update-contact-fields";
export * from "./write-contact";
