/**
 * Few-shot prompts repeat the same solved examples before the real question, so their words say
 * nothing about this query. The focus is the text after the last blank line when earlier blocks
 * look like solved examples (a block ending in an answer line); otherwise the whole prompt.
 */
export function focusPrompt(prompt: string): string {
  const blocks = prompt.split(/\n\s*\n/).filter((block) => block.trim() !== '');
  if (blocks.length < 3) return prompt;
  const solved = blocks.slice(0, -1).filter((block) => isSolvedExample(block)).length;
  // Require most earlier blocks to be solved examples so ordinary multi-paragraph prompts stay whole.
  if (solved < (blocks.length - 1) / 2) return prompt;
  return blocks[blocks.length - 1] as string;
}

function isSolvedExample(block: string): boolean {
  const lines = block.trim().split('\n');
  const lastLine = (lines[lines.length - 1] ?? '').trim();
  const previousLine = (lines[lines.length - 2] ?? '').trim();
  // "Answer:\nB", "Answer: B" or "#### 42": short answer after an answer cue.
  return (
    /^answer\s*:?\s*\S{1,20}$/i.test(lastLine) ||
    (/answer\s*:?$/i.test(previousLine) && lastLine.length <= 20) ||
    /^####\s*\S+/.test(lastLine)
  );
}
