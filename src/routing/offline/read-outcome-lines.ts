import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ConclaveError } from '../../core/conclave-error.js';

/**
 * One line of per-query outcome data (format: ../shared/data/routing/README.md). Unknown fields are ignored;
 * `response` is kept for the ensemble replay, which re-reads the models' answers.
 */
const outcomeLineSchema = z.object({
  source: z.string().optional(),
  task: z.string().min(1),
  category: z.string().optional(),
  split: z.enum(['train', 'test']),
  id: z.string().min(1),
  prompt: z.string(),
  outcomes: z.record(
    z.string(),
    z.object({
      score: z.number().nullable().optional(),
      correct: z.number().nullable().optional(),
      cost: z.number().nullable().optional(),
      response: z.string().nullable().optional(),
    }),
  ),
});

export type OutcomeLine = z.infer<typeof outcomeLineSchema>;

/**
 * Streams an outcome file, one validated line at a time (the files carry full response texts, so they are
 * never held in memory as one string). A missing file or a bad line fails with the file and line number.
 */
export async function* readOutcomeLines(file: string): AsyncGenerator<OutcomeLine> {
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
          hint: 'Each line needs task, split, id, prompt and outcomes: { <model>: { score, correct, cost } }.',
        },
      );
    }
    yield parsed.data;
  }
}
