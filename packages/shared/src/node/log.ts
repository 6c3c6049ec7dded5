// Structured JSON logs for the server processes (proxy, worker): one object per line. Callers
// pass ids, names, counts and error codes only — never a token, a header value, an argument
// value or an event payload (there is no "log the request" helper to misuse).
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | null | undefined>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Logger = {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  enabled(level: LogLevel): boolean;
};

/** `write` receives one JSON document per call, without a trailing newline. */
export function createLogger(level: LogLevel, base: LogFields = {}, write: (line: string) => void = defaultWrite): Logger {
  const min = RANK[level];
  const at =
    (lvl: LogLevel) =>
    (msg: string, fields: LogFields = {}): void => {
      if (RANK[lvl] < min) return;
      write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...base, ...fields }));
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), enabled: (lvl) => RANK[lvl] >= min };
}

function defaultWrite(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** For error objects: the message only (stack traces may quote request data). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What an error may say in a log: its kind and code, and the first line of its message, bounded. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: String(error).slice(0, 200) };
  const code = (error as { code?: unknown }).code;
  return {
    error: error.name,
    code: typeof code === "string" ? code : undefined,
    message: error.message.split("\n").find((line) => line.trim() !== "")?.trim().slice(0, 300),
  };
}
