// Structured JSON logs, one object per line on stdout. Callers pass ids, names and numbers only:
// never a token, a header value or an argument value (those stay out of logs by construction —
// there is no "log the request" helper to misuse).
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

export function createLogger(level: LogLevel, base: LogFields = {}, write: (line: string) => void = defaultWrite): Logger {
  const min = RANK[level];
  const at =
    (lvl: LogLevel) =>
    (msg: string, fields: LogFields = {}): void => {
      if (RANK[lvl] < min) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...base, ...fields })}\n`);
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), enabled: (lvl) => RANK[lvl] >= min };
}

function defaultWrite(line: string): void {
  process.stdout.write(line);
}

/** For error objects: the message only (stack traces may quote request data). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
