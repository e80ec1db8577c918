/**
 * Splits an OpenAI SSE byte stream into `data:` payloads, one event at a time as they are asked for (a large
 * chunk is not split ahead of its use); tolerant of CRLF and multi-line events.
 */
export function createSseDecoder() {
  let buffer = '';
  let position = 0;
  const decoder = new TextDecoder();
  return {
    /** Keeps a chunk; returns how many characters wait to be decoded into events. */
    push(chunk: Uint8Array): number {
      const text = decoder.decode(chunk, { stream: true });
      buffer = position > 0 ? buffer.slice(position) + text : buffer + text;
      position = 0;
      return buffer.length;
    },
    /** The next complete event's data (undefined when no complete event waits; skips events without data). */
    next(): string | undefined {
      while (true) {
        const boundary = findBoundary(buffer, position);
        if (!boundary) return undefined;
        const event = buffer.slice(position, boundary.index);
        position = boundary.index + boundary.length;
        const data = dataOf(event);
        if (data !== undefined) return data;
      }
    },
    /** What is left when the stream ends (an event without its blank line). */
    flush(): string[] {
      const rest = buffer.slice(position);
      buffer = '';
      position = 0;
      const data = dataOf(rest);
      return data === undefined ? [] : [data];
    },
  };
}

function findBoundary(text: string, from: number): { index: number; length: number } | undefined {
  const lf = text.indexOf('\n\n', from);
  // CRLF framing is rare: only looked for when the text has a carriage return before the LF boundary.
  const carriage = text.indexOf('\r', from);
  const crlf = carriage >= 0 && (lf < 0 || carriage < lf) ? text.indexOf('\r\n\r\n', from) : -1;
  if (lf < 0 && crlf < 0) return undefined;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { index: crlf, length: 4 };
  return { index: lf, length: 2 };
}

function dataOf(event: string): string | undefined {
  let data: string | undefined;
  let start = 0;
  while (start <= event.length) {
    let end = event.indexOf('\n', start);
    if (end < 0) end = event.length;
    const line = event.charCodeAt(end - 1) === 13 ? event.slice(start, end - 1) : event.slice(start, end);
    start = end + 1;
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === undefined ? value : `${data}\n${value}`;
  }
  return data;
}
