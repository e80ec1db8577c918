/** Splits an OpenAI SSE byte stream into `data:` payloads; tolerant of CRLF and multi-line events. */
export function createSseDecoder() {
  let buffer = '';
  const decoder = new TextDecoder();
  return {
    push(chunk: Uint8Array): string[] {
      buffer += decoder.decode(chunk, { stream: true });
      const payloads: string[] = [];
      let boundary = findBoundary(buffer);
      while (boundary) {
        const event = buffer.slice(0, boundary.index);
        buffer = buffer.slice(boundary.index + boundary.length);
        const data = dataOf(event);
        if (data !== undefined) payloads.push(data);
        boundary = findBoundary(buffer);
      }
      return payloads;
    },
    /** What is left when the stream ends (an event without its blank line). */
    flush(): string[] {
      const data = dataOf(buffer);
      buffer = '';
      return data === undefined ? [] : [data];
    },
  };
}

function findBoundary(text: string): { index: number; length: number } | undefined {
  const lf = text.indexOf('\n\n');
  const crlf = text.indexOf('\r\n\r\n');
  if (lf < 0 && crlf < 0) return undefined;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { index: crlf, length: 4 };
  return { index: lf, length: 2 };
}

function dataOf(event: string): string | undefined {
  let data: string | undefined;
  for (const line of event.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === undefined ? value : `${data}\n${value}`;
  }
  return data;
}
