export interface FencedBlock {
  language: string;
  code: string;
}

/** Markdown code fences (``` or ~~~) with their language tag, in order. */
export function extractFencedBlocks(text: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const fence = /(^|\n)[ \t]*(```|~~~)[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)\n[ \t]*\2[ \t]*(?=\n|$)/g;
  for (let match = fence.exec(text); match; match = fence.exec(text))
    blocks.push({ language: (match[3] ?? '').toLowerCase(), code: match[4] ?? '' });
  return blocks;
}
