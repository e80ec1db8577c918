import { focusPrompt } from './prompt-focus.js';

/** How a prompt becomes hashed term counts; stored in the model so prediction hashes the same way. */
export interface FeatureOptions {
  /** Hash space is 2^bits. */
  bits: number;
  /** Word n-grams 1..wordNgramMax. */
  wordNgramMax: number;
  /** Character n-grams inside word boundaries, charNgramMin..charNgramMax; 0 disables them. */
  charNgramMin: number;
  charNgramMax: number;
  /** Featurise only the final question of few-shot prompts (see prompt-focus); false uses the whole prompt. */
  focus: boolean;
  /** Weight of the whole-prompt block next to the focus block; 0 keeps only the focused question. */
  wholePromptWeight: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  bits: 18,
  wordNgramMax: 2,
  // Character n-grams cost 10× the time and gained nothing in cross-validation; opt in if prompts are noisy.
  charNgramMin: 0,
  charNgramMax: 5,
  focus: true,
  wholePromptWeight: 0,
};

/** Term counts per block; blocks are weighted and normalised separately (words vs characters). */
export interface TermCounts {
  words: Map<number, number>;
  characters: Map<number, number>;
  whole: Map<number, number>;
}

const WORD_PATTERN = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

/** FNV-1a over UTF-16 code units, salted per block so word and character hashes do not collide by design. */
export function hashText(text: string, salt: number): number {
  let hash = (0x811c9dc5 ^ salt) >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function addCount(counts: Map<number, number>, key: number): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Mixes two 32-bit hashes (order-sensitive), so n-gram hashes need no joined strings. */
function combineHashes(left: number, right: number): number {
  return Math.imul((left ^ Math.imul(right, 0x9e3779b1)) >>> 0, 0x85ebca6b) >>> 0;
}

function addWordNgrams(counts: Map<number, number>, tokens: string[], options: FeatureOptions, salt: number) {
  const mask = (1 << options.bits) - 1;
  const hashes = tokens.map((token) => hashText(token, salt));
  for (let start = 0; start < hashes.length; start += 1) {
    let hash = hashes[start]!;
    addCount(counts, hash & mask);
    for (let size = 2; size <= options.wordNgramMax && start + size <= hashes.length; size += 1) {
      hash = combineHashes(hash, hashes[start + size - 1]!);
      addCount(counts, hash & mask);
    }
  }
}

/** `focus` lets a caller that already computed the focused text (featurizePrompt) skip doing it twice. */
export function extractTermCounts(prompt: string, options: FeatureOptions, focused?: string): TermCounts {
  const mask = (1 << options.bits) - 1;
  const focus = (options.focus ? (focused ?? focusPrompt(prompt)) : prompt).toLowerCase();
  const tokens = focus.match(WORD_PATTERN) ?? [];
  const words = new Map<number, number>();
  addWordNgrams(words, tokens, options, 11);
  const characters = new Map<number, number>();
  if (options.charNgramMin > 0) {
    for (const token of tokens) {
      const padded = ` ${token} `;
      for (let size = options.charNgramMin; size <= options.charNgramMax; size += 1) {
        for (let start = 0; start + size <= padded.length; start += 1) {
          addCount(characters, hashText(padded.slice(start, start + size), 101 + size) & mask);
        }
      }
    }
  }
  const whole = new Map<number, number>();
  if (options.wholePromptWeight > 0) {
    addWordNgrams(
      whole,
      prompt.toLowerCase().match(WORD_PATTERN) ?? [],
      { ...options, wordNgramMax: 1 },
      211,
    );
  }
  return { words, characters, whole };
}
