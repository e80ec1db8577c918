import * as llamaCpp from 'node-llama-cpp';
import { describe, expect, test } from 'vitest';
import { createPlainTextChatWrapper } from '../../src/local/plain-text-chat-wrapper.js';
import { convertPromptToChatHistory } from '../../src/local/prompt-to-chat-history.js';

describe('convertPromptToChatHistory', () => {
  test('maps every role; a tool call and its result become a function call the model continues after; files dropped with one warning', () => {
    const { history, warnings } = convertPromptToChatHistory([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Paris?' },
          { type: 'file', mediaType: 'image/png', data: { type: 'data', data: new Uint8Array([1]) } },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: '1', toolName: 'weather', input: { city: 'Paris' } }],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: '1',
            toolName: 'weather',
            output: { type: 'json', value: { celsius: 21 } },
          },
        ],
      },
    ]);
    expect(history).toEqual([
      { type: 'system', text: 'Be brief.' },
      { type: 'user', text: 'Weather in Paris?' },
      {
        type: 'model',
        response: [
          { type: 'functionCall', name: 'weather', params: { city: 'Paris' }, result: '{"celsius":21}' },
        ],
      },
    ]);
    expect(warnings).toEqual([{ type: 'unsupported', feature: 'file parts', details: expect.any(String) }]);
  });

  test('a tool call without its result, and a result without its call, stay plain text', () => {
    const { history } = convertPromptToChatHistory([
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me look.' },
          { type: 'tool-call', toolCallId: 'a', toolName: 'weather', input: { city: 'Oslo' } },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'b',
            toolName: 'clock',
            output: { type: 'text', value: '12:00' },
          },
        ],
      },
    ]);
    expect(history.slice(1)).toEqual([
      { type: 'model', response: ['Let me look.\nCalling tool weather with {"city":"Oslo"}'] },
      { type: 'user', text: 'Tool clock returned: 12:00' },
      { type: 'model', response: [] },
    ]);
  });

  test('a trailing assistant message is continued rather than answered', () => {
    const { history } = convertPromptToChatHistory([
      { role: 'user', content: [{ type: 'text', text: 'Count' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'one, two,' }] },
    ]);
    expect(history.at(-1)).toEqual({ type: 'model', response: ['one, two,'] });
  });
});

describe('createPlainTextChatWrapper', () => {
  const wrapper = createPlainTextChatWrapper(llamaCpp);
  const render = (history: Parameters<typeof wrapper.generateContextState>[0]['chatHistory']) =>
    wrapper.generateContextState({ chatHistory: history }).contextText.toString();

  test('a lone user message is sent as-is after BOS, to be continued', () => {
    expect(
      render([
        { type: 'user', text: 'Once upon a time' },
        { type: 'model', response: [] },
      ]),
    ).toBe('BOSOnce upon a time');
  });

  test('a conversation is plain text separated by blank lines, without role labels', () => {
    expect(
      render([
        { type: 'system', text: 'A story.' },
        { type: 'user', text: 'Tom had a dog.' },
        { type: 'model', response: ['The dog was big.'] },
        { type: 'user', text: 'One day' },
        { type: 'model', response: [', the'] },
      ]),
    ).toBe('BOSA story.\n\nTom had a dog.\n\nThe dog was big.\n\nOne day, the');
  });
});
