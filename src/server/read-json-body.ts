import type { Context } from 'hono';
import type { z } from 'zod';
import { formatConfigIssues } from '../config/format-config-issues.js';
import { ConclaveError } from '../core/conclave-error.js';

/**
 * Reads and validates a JSON body with a size limit. Malformed JSON, oversized bodies and wrong types are
 * clear 4xx errors that name the offending field.
 */
export async function readJsonBody<T extends z.ZodType>(
  context: Context,
  schema: T,
  maxBytes: number,
): Promise<z.infer<T>> {
  const declared = Number(context.req.header('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const buffer = await context.req.arrayBuffer();
  if (buffer.byteLength > maxBytes) throw tooLarge(maxBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(buffer));
  } catch (error) {
    throw new ConclaveError('bad-request', `Malformed JSON body: ${(error as Error).message}.`, {
      hint: 'Send a JSON object with Content-Type: application/json.',
    });
  }
  const result = schema.safeParse(parsed, { reportInput: true });
  if (!result.success) {
    const problems = formatConfigIssues(result.error.issues, parsed);
    const first = result.error.issues[0];
    throw new ConclaveError('bad-request', `Invalid request: ${problems.join('; ')}.`, {
      param: first ? first.path.join('.') : undefined,
    });
  }
  return result.data;
}

function tooLarge(maxBytes: number): ConclaveError {
  return new ConclaveError('bad-request', `Request body exceeds the ${maxBytes} byte limit.`, {
    status: 413,
    hint: 'Send a smaller request or raise server.maxBodyBytes.',
  });
}
