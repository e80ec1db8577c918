import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ConclaveError } from '../../../core/conclave-error.js';

/** The fields of one outcome line the import uses (format: shared/data/routing/README.md); others are ignored. */
const outcomeLineSchema = z.object({
  source: z.string(),
  task: z.string().min(1),
  category: z.string().optional(),
  split: z.enum(['train', 'test']),
  id: z.string().min(1),
  prompt: z.string().optional(),
  outcomes: z.record(
    z.string(),
    z.object({
      score: z.number().nullable().optional(),
      correct: z.number().nullable().optional(),
      cost: z.number().nullable().optional(),
    }),
  ),
});

export type OutcomeLine = z.infer<typeof outcomeLineSchema>;

/**
 * Streams a jsonl outcome file, one validated line at a time (the files carry full response texts, so
 * they are never held in memory as a whole). A bad line fails with its file and line number.
 */
export async function* readOutcomeFile(file: string): AsyncGenerator<OutcomeLine> {
  let lineNumber = 0;
  let stream: ReturnType<typeof createReadStream>;
  try {
    stream = createReadStream(file, { encoding: 'utf8' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    throw new ConclaveError('bad-request', `Cannot read ${file}: ${(error as Error).message}`, {
      hint: 'Pass a per-query outcome file, e.g. --data ../shared/data/routing/routerbench_subset.jsonl',
    });
  }
  for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber += 1;
    if (text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ConclaveError(
        'bad-request',
        `${file}:${lineNumber}: not valid JSON (${(error as Error).message}).`,
      );
    }
    const parsed = outcomeLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConclaveError(
        'bad-request',
        `${file}:${lineNumber}: ${issue.path.join('.') || '(line)'}: ${issue.message}.`,
        {
          hint: 'Each line needs source, task, split, id and outcomes: { <model>: { score, correct, cost } }.',
        },
      );
    }
    yield parsed.data;
  }
}
