import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConclaveError } from '../../core/conclave-error.js';

export interface DistillTask {
  /** Stable identity (hash of system + prompt): what makes resuming skip work already paid for. */
  key: string;
  position: number;
  prompt: string;
  system?: string;
  taskType?: string;
}

const jsonTask = z
  .looseObject({
    prompt: z.string().optional(),
    task: z.string().optional(),
    input: z.string().optional(),
    system: z.string().optional(),
    task_type: z.string().optional(),
  })
  .refine((task) => (task.prompt ?? task.task ?? task.input ?? '').trim() !== '', 'needs a "prompt"');

/**
 * Reads a tasks file: one prompt per line, or JSON lines `{"prompt": "…", "system": "…", "task_type": "code"}`
 * for multi-line prompts. Blank lines and `#` comments are skipped; a task listed twice runs once.
 */
export function readTasksFile(file: string): DistillTask[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConclaveError(
      'bad-request',
      `Cannot read the tasks file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      {
        hint: 'Pass a text file with one task per line: conclave distill --tasks tasks.txt',
      },
    );
  }
  const tasks = parseTasks(text, file);
  if (tasks.length === 0)
    throw new ConclaveError('bad-request', `The tasks file ${file} has no tasks.`, {
      hint: 'Write one prompt per line (lines starting with # are comments).',
    });
  return tasks;
}

export function parseTasks(text: string, file = 'tasks'): DistillTask[] {
  const tasks: DistillTask[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const task = line.startsWith('{') ? fromJson(line, `${file}:${index + 1}`) : { prompt: line };
    const key = createHash('sha256')
      .update(`${task.system ?? ''}\u0000${task.prompt.replace(/\s+/g, ' ')}`)
      .digest('hex')
      .slice(0, 32);
    if (seen.has(key)) continue;
    seen.add(key);
    tasks.push({ key, position: tasks.length, ...task });
  }
  return tasks;
}

function fromJson(line: string, where: string): Omit<DistillTask, 'key' | 'position'> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new ConclaveError('bad-request', `${where}: not valid JSON (${(error as Error).message}).`, {
      hint: 'Write a plain prompt, or a JSON object like {"prompt": "…", "task_type": "code"} on one line.',
    });
  }
  const parsed = jsonTask.safeParse(value);
  if (!parsed.success)
    throw new ConclaveError(
      'bad-request',
      `${where}: ${parsed.error.issues[0]?.message ?? 'invalid task'}.`,
      {
        hint: 'A JSON task needs a non-empty "prompt" (optional: "system", "task_type").',
      },
    );
  const task = parsed.data;
  return {
    prompt: (task.prompt ?? task.task ?? task.input ?? '').trim(),
    system: task.system,
    taskType: task.task_type,
  };
}
