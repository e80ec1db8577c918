import type { ChatHistoryItem, ChatWrapper, ChatWrapperGenerateContextStateOptions } from 'node-llama-cpp';
import type { NodeLlamaCpp } from './load-node-llama-cpp.js';

/**
 * How Conclave prompts a model whose GGUF has no chat template. Such a model is a base (completion) model,
 * so role markers it was never trained on would only leak into its output. Instead the conversation is
 * flattened to plain text: BOS, then every message's text (system, user and assistant alike) separated by a
 * blank line, and the model continues the last message directly — a single user message "Once upon a time"
 * is completed as-is. Generation ends at EOS or at the token limit.
 */
export function createPlainTextChatWrapper({
  ChatWrapper: BaseChatWrapper,
  LlamaText,
  SpecialToken,
}: NodeLlamaCpp): ChatWrapper {
  class PlainTextChatWrapper extends BaseChatWrapper {
    readonly wrapperName = 'PlainText';

    override generateContextState({ chatHistory }: ChatWrapperGenerateContextStateOptions) {
      const lastItem = chatHistory.at(-1);
      // LlamaChat appends the (possibly empty) response being generated; it is glued to the text before it.
      const openResponse = lastItem?.type === 'model' ? lastItem : undefined;
      const closedItems = openResponse === undefined ? chatHistory : chatHistory.slice(0, -1);
      const texts = closedItems.map((item: ChatHistoryItem) => {
        if (item.type === 'system') return LlamaText.fromJSON(item.text);
        if (item.type === 'user') return LlamaText(item.text);
        return this.generateModelResponseText(item.response);
      });
      return {
        contextText: LlamaText([
          new SpecialToken('BOS'),
          LlamaText.joinValues('\n\n', texts),
          openResponse === undefined ? LlamaText([]) : this.generateModelResponseText(openResponse.response),
        ]),
        stopGenerationTriggers: [LlamaText(new SpecialToken('EOS'))],
      };
    }
  }
  return new PlainTextChatWrapper();
}
