// Incremental server-sent-events parsing for responses that stream through the proxy. Only one
// event is ever held (the one not yet terminated), so a long stream is never buffered whole;
// complete events are handed back with their raw text so unchanged ones are written through
// byte for byte and only rewritten ones are re-serialised.
import { StringDecoder } from "node:string_decoder";

export type SseEvent = {
  /** The event exactly as received, including its terminating blank line. */
  raw: string;
  /** The joined `data:` lines, or null when the event has none (comments, retry, priming). */
  data: string | null;
};

const BOUNDARY = /\r\n\r\n|\n\n|\r\r/g;
const LINE = /\r\n|\r|\n/;

export class SseParser {
  private buffer = "";
  private readonly decoder = new StringDecoder("utf8");

  push(chunk: Buffer): SseEvent[] {
    this.buffer += this.decoder.write(chunk);
    const events: SseEvent[] = [];
    let start = 0;
    BOUNDARY.lastIndex = 0;
    for (let m = BOUNDARY.exec(this.buffer); m !== null; m = BOUNDARY.exec(this.buffer)) {
      const end = m.index + m[0].length;
      const raw = this.buffer.slice(start, end);
      events.push({ raw, data: dataOf(raw) });
      start = end;
    }
    if (start > 0) this.buffer = this.buffer.slice(start);
    return events;
  }

  /** Whatever is left when the stream ends (an unterminated event), passed on as-is. */
  end(): string {
    const rest = this.buffer + this.decoder.end();
    this.buffer = "";
    return rest;
  }
}

function dataOf(raw: string): string | null {
  let data: string | null = null;
  for (const line of raw.split(LINE)) {
    if (!line.startsWith("data")) continue;
    let value: string;
    if (line === "data") value = "";
    else if (line.startsWith("data:")) value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    else continue;
    data = data === null ? value : `${data}\n${value}`;
  }
  return data;
}

/** The same event with its data replaced; `event:` and `id:` lines are kept so resumption still works. */
export function rewriteEvent(raw: string, data: string): string {
  const kept = raw.split(LINE).filter((line) => line !== "" && !line.startsWith("data:") && line !== "data");
  return `${[...kept, `data: ${data}`].join("\n")}\n\n`;
}

export function formatEvent(data: string): string {
  return `event: message\ndata: ${data}\n\n`;
}
