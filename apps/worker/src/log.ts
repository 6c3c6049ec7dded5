// Structured JSON logs, one object per line. Callers pass counts, ids and error codes; never
// argument values, tokens or event payloads.
export type LogFields = Record<string, string | number | boolean | null | undefined>;
export type Logger = {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
};

export function createLogger(service: string, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const emit = (level: string, msg: string, fields: LogFields = {}) => write(JSON.stringify({ time: new Date().toISOString(), level, service, msg, ...fields }));
  return {
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
  };
}

/** What an error may say in a log: its kind and code, and the first line of its message, bounded. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: String(error).slice(0, 200) };
  const code = (error as { code?: unknown }).code;
  return { error: error.name, code: typeof code === "string" ? code : undefined, message: error.message.split("\n").find((line) => line.trim() !== "")?.trim().slice(0, 300) };
}
