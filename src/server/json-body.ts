import type { z } from 'zod';
import { formatConfigIssues } from '../config/format-config-issues.js';
import { ConclaveError } from '../core/conclave-error.js';

/** Parses and validates a JSON body: malformed JSON and wrong types are clear 400s naming the field. */
export function parseJsonBody<T extends z.ZodType>(text: string, schema: T): z.infer<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConclaveError('bad-request', `Malformed JSON body: ${(error as Error).message}.`, {
      hint: 'Send a JSON object with Content-Type: application/json.',
    });
  }
  const result = schema.safeParse(parsed, { reportInput: true });
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ConclaveError(
      'bad-request',
      `Invalid request: ${formatConfigIssues(result.error.issues, parsed).join('; ')}.`,
      {
        param: first ? first.path.join('.') : undefined,
      },
    );
  }
  return result.data;
}

export function bodyTooLarge(maxBytes: number): ConclaveError {
  return new ConclaveError('bad-request', `Request body exceeds the ${maxBytes} byte limit.`, {
    status: 413,
    hint: 'Send a smaller request or raise server.maxBodyBytes.',
  });
}
