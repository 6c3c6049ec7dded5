export * from "./errors.ts";
export * from "./ids.ts";
export * from "./roles.ts";
export * from "./schemas/auth.ts";
export * from "./schemas/resources.ts";
export * from "./schemas/list-query.ts";
export * from "./bundle.ts";
export * from "./decision-event.ts";
