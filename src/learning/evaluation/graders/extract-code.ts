import { extractFencedBlocks } from './extract-fenced-blocks.js';

const TAGS: Record<'javascript' | 'python', readonly string[]> = {
  javascript: ['javascript', 'js', 'node', 'mjs', 'cjs', 'jsx'],
  python: ['python', 'py', 'python3'],
};

/**
 * The program in an answer: the longest fenced block tagged with the language (the solution is usually
 * longer than a usage example), else the longest untagged block, else the whole answer.
 */
export function extractCode(text: string, language: 'javascript' | 'python'): string {
  const blocks = extractFencedBlocks(text);
  const longest = (codes: string[]) => codes.sort((left, right) => right.length - left.length)[0];
  return (
    longest(blocks.filter((block) => TAGS[language].includes(block.language)).map((block) => block.code)) ??
    longest(blocks.filter((block) => block.language === '').map((block) => block.code)) ??
    text
  );
}
