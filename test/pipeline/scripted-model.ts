import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { APICallError } from '@ai-sdk/provider';

/** One call a scripted model received: what its prompt said, and when it ran. */
export interface ScriptedCall {
  model: string;
  system: string;
  user: string;
  temperature?: number;
  startedAt: number;
  finishedAt?: number;
}

export type ScriptedReply =
  | string
  | { text: string; delayMs?: number; usage?: { input: number; output: number } }
  | { fail: string; status?: number }
  | { hang: true };

export type Script = ScriptedReply | ((call: ScriptedCall) => ScriptedReply);

/**
 * A LanguageModelV4 that plays a script: a fixed answer, a function of the prompt, a failure (an HTTP
 * error the executor classifies like a real provider's), or a hang that only an abort ends.
 */
export function createScriptedModel(id: string, script: Script, calls: ScriptedCall[]): LanguageModelV4 {
  const respond = async (options: LanguageModelV4CallOptions) => {
    const call: ScriptedCall = {
      model: id,
      system: options.prompt
        .filter((message) => message.role === 'system')
        .map((message) => message.content)
        .join('\n'),
      user: options.prompt
        .flatMap((message) =>
          message.role === 'user'
            ? message.content.map((part) => (part.type === 'text' ? part.text : ''))
            : [],
        )
        .join('\n'),
      temperature: options.temperature,
      startedAt: Date.now(),
    };
    calls.push(call);
    const reply = typeof script === 'function' ? script(call) : script;
    const signal = options.abortSignal;
    if (typeof reply === 'object' && 'fail' in reply) {
      call.finishedAt = Date.now();
      throw new APICallError({
        message: reply.fail,
        url: `scripted://${id}`,
        requestBodyValues: {},
        statusCode: reply.status ?? 500,
        isRetryable: (reply.status ?? 500) >= 500,
      });
    }
    if (typeof reply === 'object' && 'hang' in reply) {
      await new Promise((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    const text = typeof reply === 'string' ? reply : 'text' in reply ? reply.text : '';
    const delayMs = typeof reply === 'object' && 'delayMs' in reply ? (reply.delayMs ?? 0) : 0;
    if (delayMs > 0) await sleep(delayMs, signal);
    call.finishedAt = Date.now();
    const usage = (typeof reply === 'object' && 'usage' in reply && reply.usage) || {
      input: 10,
      output: text.split(/\s+/).filter(Boolean).length,
    };
    return { text, usage };
  };
  return {
    specificationVersion: 'v4',
    provider: 'scripted',
    modelId: id,
    supportedUrls: {},
    async doGenerate(options) {
      const { text, usage } = await respond(options);
      return {
        content: [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: toUsage(usage),
        warnings: [],
      };
    },
    async doStream(options) {
      const { text, usage } = await respond(options);
      const parts: LanguageModelV4StreamPart[] = [
        { type: 'stream-start', warnings: [] },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: text },
        { type: 'text-end', id: 't' },
        { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: toUsage(usage) },
      ];
      return {
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  };
}

function toUsage({ input, output }: { input: number; output: number }) {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, milliseconds);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
