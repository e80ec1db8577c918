import type { GgufContents, GgufTensor } from './gguf-writer.js';

/**
 * The weights of a 1-layer llama whose greedy (and, thanks to the logit margin, practically any sampled)
 * output is one fixed message, whatever the prompt:
 * - attention and feed-forward weights are zero, so the residual stream is just the token embedding;
 * - embeddings are one-hot: message piece i points along axis i, every other token along the last axis;
 * - the output matrix maps piece i to piece i+1 (a bigram chain), the last piece to EOS, and the
 *   "other" axis (whatever the chat template ended with) to the first piece.
 * The next token therefore depends only on the current token, which makes the chain unambiguous as long
 * as every piece of the message is a distinct token.
 */

const WORD_BOUNDARY = '\u2581'; // SentencePiece's "▁" marks a leading space
const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;
const HEAD_DIMENSION = 64;
const FEED_FORWARD_LENGTH = 32;
// After RMS normalisation a one-hot vector has magnitude sqrt(n_embd) (8 for 64), so the winning logit is
// ~8 × LOGIT_WEIGHT above every other one: far beyond anything temperature or penalties can overturn.
const LOGIT_WEIGHT = 16;
const CONTEXT_LENGTH = 4096;

/** ChatML, the most common template; node-llama-cpp recognises it and renders it natively. */
export const DEMO_CHAT_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const SPECIAL_TOKENS = [
  { text: '<unk>', type: TOKEN_TYPE.unknown },
  { text: '<s>', type: TOKEN_TYPE.control },
  { text: '</s>', type: TOKEN_TYPE.control },
] as const;
const CHAT_TOKENS = ['<|im_start|>', '<|im_end|>'];
// Without a plain "▁" piece, spaces would fall back to its UTF-8 bytes and detokenize as a literal "▁".
const SPACE_TOKENS = [WORD_BOUNDARY];
const BYTE_TOKENS = Array.from(
  { length: 256 },
  (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`,
);
const EOS_ID = 2;

/**
 * Splits the message into SentencePiece-style pieces ("Hello!", "▁I", "▁am", …). A repeated word would make
 * the chain ambiguous, so it is glued to the following word(s) until the piece is new ("▁real▁answers:").
 */
export function splitIntoUniquePieces(message: string, reserved: ReadonlySet<string> = new Set()): string[] {
  const words = message.split(' ').filter((word) => word.length > 0);
  if (words.length === 0) throw new RangeError('The demo model message must contain at least one word');
  const pieces: string[] = [];
  const seen = new Set(reserved);
  let index = 0;
  while (index < words.length) {
    let piece = (pieces.length === 0 ? '' : WORD_BOUNDARY) + words[index++];
    while (seen.has(piece) && index < words.length) piece += WORD_BOUNDARY + words[index++];
    if (seen.has(piece)) {
      // Ran out of words: extend the previous piece instead.
      const previous = pieces.pop();
      if (previous === undefined) throw new RangeError(`Cannot build a unique token for "${piece}"`);
      seen.delete(previous);
      piece = previous + piece;
      if (seen.has(piece)) throw new RangeError(`Cannot build a unique token for "${piece}"`);
    }
    seen.add(piece);
    pieces.push(piece);
  }
  return pieces;
}

function zeros(...dimensions: number[]): Float32Array {
  return new Float32Array(dimensions.reduce((product, dimension) => product * dimension, 1));
}

export function buildDemoModelContents(message: string): GgufContents {
  const fixedTokens = [
    ...SPECIAL_TOKENS.map((token) => token.text),
    ...BYTE_TOKENS,
    ...CHAT_TOKENS,
    ...SPACE_TOKENS,
  ];
  const pieces = splitIntoUniquePieces(message, new Set(fixedTokens));
  const tokens = [...fixedTokens, ...pieces];
  const tokenTypes = [
    ...SPECIAL_TOKENS.map((token) => token.type),
    ...BYTE_TOKENS.map(() => TOKEN_TYPE.byte),
    ...CHAT_TOKENS.map(() => TOKEN_TYPE.control),
    ...SPACE_TOKENS.map(() => TOKEN_TYPE.normal),
    ...pieces.map(() => TOKEN_TYPE.normal),
  ];
  const firstPieceId = fixedTokens.length;
  const vocabularySize = tokens.length;
  // One axis per piece plus the shared "other" axis, rounded up to whole attention heads.
  const embeddingLength = Math.ceil((pieces.length + 1) / HEAD_DIMENSION) * HEAD_DIMENSION;
  const otherAxis = embeddingLength - 1;

  const embeddings = zeros(embeddingLength, vocabularySize);
  const output = zeros(embeddingLength, vocabularySize);
  for (let tokenId = 0; tokenId < vocabularySize; tokenId++) {
    const pieceIndex = tokenId - firstPieceId;
    const axis = pieceIndex >= 0 ? pieceIndex : otherAxis;
    embeddings[tokenId * embeddingLength + axis] = 1;
  }
  for (let pieceIndex = 0; pieceIndex < pieces.length; pieceIndex++) {
    const nextId = pieceIndex === pieces.length - 1 ? EOS_ID : firstPieceId + pieceIndex + 1;
    output[nextId * embeddingLength + pieceIndex] = LOGIT_WEIGHT;
  }
  output[firstPieceId * embeddingLength + otherAxis] = LOGIT_WEIGHT;

  const ones = (length: number) => new Float32Array(length).fill(1);
  const tensors: GgufTensor[] = [
    { name: 'token_embd.weight', dimensions: [embeddingLength, vocabularySize], data: embeddings },
    { name: 'blk.0.attn_norm.weight', dimensions: [embeddingLength], data: ones(embeddingLength) },
    ...['attn_q', 'attn_k', 'attn_v', 'attn_output'].map((name) => ({
      name: `blk.0.${name}.weight`,
      dimensions: [embeddingLength, embeddingLength],
      data: zeros(embeddingLength, embeddingLength),
    })),
    { name: 'blk.0.ffn_norm.weight', dimensions: [embeddingLength], data: ones(embeddingLength) },
    {
      name: 'blk.0.ffn_gate.weight',
      dimensions: [embeddingLength, FEED_FORWARD_LENGTH],
      data: zeros(embeddingLength, FEED_FORWARD_LENGTH),
    },
    {
      name: 'blk.0.ffn_up.weight',
      dimensions: [embeddingLength, FEED_FORWARD_LENGTH],
      data: zeros(embeddingLength, FEED_FORWARD_LENGTH),
    },
    {
      name: 'blk.0.ffn_down.weight',
      dimensions: [FEED_FORWARD_LENGTH, embeddingLength],
      data: zeros(FEED_FORWARD_LENGTH, embeddingLength),
    },
    { name: 'output_norm.weight', dimensions: [embeddingLength], data: ones(embeddingLength) },
    { name: 'output.weight', dimensions: [embeddingLength, vocabularySize], data: output },
  ];

  const headCount = embeddingLength / HEAD_DIMENSION;
  return {
    metadata: {
      'general.architecture': { type: 'string', value: 'llama' },
      'general.name': { type: 'string', value: 'Conclave demo model' },
      'general.file_type': { type: 'uint32', value: 0 },
      'llama.vocab_size': { type: 'uint32', value: vocabularySize },
      'llama.context_length': { type: 'uint32', value: CONTEXT_LENGTH },
      'llama.embedding_length': { type: 'uint32', value: embeddingLength },
      'llama.block_count': { type: 'uint32', value: 1 },
      'llama.feed_forward_length': { type: 'uint32', value: FEED_FORWARD_LENGTH },
      'llama.attention.head_count': { type: 'uint32', value: headCount },
      'llama.attention.head_count_kv': { type: 'uint32', value: headCount },
      'llama.rope.dimension_count': { type: 'uint32', value: HEAD_DIMENSION },
      'llama.attention.layer_norm_rms_epsilon': { type: 'float32', value: 1e-5 },
      'tokenizer.ggml.model': { type: 'string', value: 'llama' },
      'tokenizer.ggml.tokens': { type: 'array', itemType: 'string', items: tokens },
      'tokenizer.ggml.scores': { type: 'array', itemType: 'float32', items: tokens.map(() => 0) },
      'tokenizer.ggml.token_type': { type: 'array', itemType: 'int32', items: tokenTypes },
      'tokenizer.ggml.unknown_token_id': { type: 'uint32', value: 0 },
      'tokenizer.ggml.bos_token_id': { type: 'uint32', value: 1 },
      'tokenizer.ggml.eos_token_id': { type: 'uint32', value: EOS_ID },
      'tokenizer.ggml.add_bos_token': { type: 'bool', value: true },
      'tokenizer.ggml.add_eos_token': { type: 'bool', value: false },
      'tokenizer.chat_template': { type: 'string', value: DEMO_CHAT_TEMPLATE },
    },
    tensors,
  };
}
