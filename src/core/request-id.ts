import { randomBytes } from 'node:crypto';

const prefix = randomBytes(6).toString('base64url');
let counter = 0;

/** Unique ids without a crypto call per request: a random per-process prefix and a counter. */
export function requestId(kind: string): string {
  counter += 1;
  return `${kind}-${prefix}${counter.toString(36).padStart(6, '0')}`;
}
