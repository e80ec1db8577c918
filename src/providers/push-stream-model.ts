import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';

/** A streamed answer whose parts are handed to a callback as they arrive. */
export interface PartPush {
  /** Settles once the last part was handed over; rejects with what the callback threw. */
  done: Promise<void>;
  /** Stops reading; `done` then resolves (nothing more is handed over). */
  cancel(): void;
}

/**
 * A language model that can also hand its stream parts to a callback as each event arrives, without a web
 * stream (no promise per part): the gateway's passthrough. The executor prefers it; `doStream` stays for
 * every other consumer.
 */
export interface PushStreamModel extends LanguageModelV4 {
  /**
   * Like `doStream`: resolves at the response headers, then calls `onPart` for each part in order. Must
   * settle promptly when `options.abortSignal` aborts (the executor relies on it to bound the wait).
   */
  pushParts(
    options: LanguageModelV4CallOptions,
    onPart: (part: LanguageModelV4StreamPart) => void,
  ): Promise<PartPush>;
}

export function canPushParts(model: LanguageModelV4): model is PushStreamModel {
  return typeof (model as Partial<PushStreamModel>).pushParts === 'function';
}
