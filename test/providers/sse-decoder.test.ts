import { describe, expect, it } from 'vitest';
import { createSseDecoder } from '../../src/providers/passthrough/openai-sse-decoder.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function drain(decoder: ReturnType<typeof createSseDecoder>): string[] {
  const payloads: string[] = [];
  for (let payload = decoder.next(); payload !== undefined; payload = decoder.next()) payloads.push(payload);
  return payloads;
}

describe('the passthrough SSE decoder (events found one at a time, as they are asked for)', () => {
  it('splits LF-framed events and skips events without data', () => {
    const decoder = createSseDecoder();
    decoder.push(
      bytes('data: {"a":1}\n\n: keep-alive comment\n\nevent: x\ndata: {"b":2}\n\ndata: [DONE]\n\n'),
    );
    expect(drain(decoder)).toEqual(['{"a":1}', '{"b":2}', '[DONE]']);
  });

  it('handles CRLF framing, multi-line data and "data:" without a space', () => {
    const decoder = createSseDecoder();
    decoder.push(bytes('data:{"a":1}\r\n\r\ndata: line one\r\ndata: line two\r\n\r\n'));
    expect(drain(decoder)).toEqual(['{"a":1}', 'line one\nline two']);
  });

  it('joins events and multi-byte characters cut across chunks', () => {
    const decoder = createSseDecoder();
    const whole = bytes('data: {"text":"héllo"}\n\ndata: [DONE]\n\n');
    decoder.push(whole.slice(0, 18)); // cuts inside "é" (two bytes)
    expect(drain(decoder)).toEqual([]);
    decoder.push(whole.slice(18, 25));
    expect(drain(decoder)).toEqual(['{"text":"héllo"}']);
    decoder.push(whole.slice(25));
    expect(drain(decoder)).toEqual(['[DONE]']);
  });

  it('returns an event left without its blank line when the stream ends', () => {
    const decoder = createSseDecoder();
    decoder.push(bytes('data: {"a":1}\n\ndata: [DONE]'));
    expect(drain(decoder)).toEqual(['{"a":1}']);
    expect(decoder.flush()).toEqual(['[DONE]']);
  });
});
