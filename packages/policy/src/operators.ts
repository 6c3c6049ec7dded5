export const OPERATORS = [
  "eq",
  "neq",
  "in",
  "not_in",
  "lt",
  "lte",
  "gt",
  "gte",
  "regex",
  "not_regex",
  "contains",
  "not_contains",
  "exists",
  "starts_with",
  "ends_with",
  "length_lte",
  "length_gte",
  "url_host_in",
  "url_host_not_in",
] as const;

export type Operator = (typeof OPERATORS)[number];

export type ValueKind = "any" | "array" | "number" | "string" | "boolean" | "non_negative_integer" | "string_array";

export const OPERATOR_VALUE: Record<Operator, ValueKind> = {
  eq: "any",
  neq: "any",
  in: "array",
  not_in: "array",
  lt: "number",
  lte: "number",
  gt: "number",
  gte: "number",
  regex: "string",
  not_regex: "string",
  contains: "any",
  not_contains: "any",
  exists: "boolean",
  starts_with: "string",
  ends_with: "string",
  length_lte: "non_negative_integer",
  length_gte: "non_negative_integer",
  url_host_in: "string_array",
  url_host_not_in: "string_array",
};

const KIND_TEXT: Record<ValueKind, string> = {
  any: "a JSON value",
  array: "an array",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  non_negative_integer: "a whole number ≥ 0",
  string_array: "an array of host names",
};

/** Returns an error sentence when `value` does not fit the operator, else null. */
export function checkOperatorValue(op: Operator, value: unknown): string | null {
  const kind = OPERATOR_VALUE[op];
  const ok =
    kind === "any" ||
    (kind === "array" && Array.isArray(value)) ||
    (kind === "number" && typeof value === "number" && Number.isFinite(value)) ||
    (kind === "string" && typeof value === "string") ||
    (kind === "boolean" && typeof value === "boolean") ||
    (kind === "non_negative_integer" && typeof value === "number" && Number.isInteger(value) && value >= 0) ||
    (kind === "string_array" && Array.isArray(value) && value.every((v) => typeof v === "string"));
  return ok ? null : `operator "${op}" needs ${KIND_TEXT[kind]}, got ${describeValue(value)}`;
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return String(value);
  if (value === undefined) return "nothing";
  return "an object";
}
