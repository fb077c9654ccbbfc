export * from "./contact-history";
export * from "./contact-record";
export * from "./read-contact-for-write";
export * from "./select-contacts";
export * from "./update-contact-fields";
export * from "./write-contact";
