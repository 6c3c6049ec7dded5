export * from "./errors.ts";
export * from "./ids.ts";
export * from "./roles.ts";
export * from "./schemas/auth.ts";
export * from "./schemas/resources.ts";
