import type { Context } from 'hono';
import type { z } from 'zod';
import { bodyTooLarge, parseJsonBody } from './json-body.js';

/** Reads a Hono request's JSON body with a size limit, then validates it. */
export async function readJsonBody<T extends z.ZodType>(
  context: Context,
  schema: T,
  maxBytes: number,
): Promise<z.infer<T>> {
  const declared = Number(context.req.header('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw bodyTooLarge(maxBytes);
  const buffer = await context.req.arrayBuffer();
  if (buffer.byteLength > maxBytes) throw bodyTooLarge(maxBytes);
  return parseJsonBody(new TextDecoder().decode(buffer), schema);
}
