import { ConclaveError, ERROR_KINDS, type ErrorKind } from '../../../core/conclave-error.js';
import type { MemberReply } from '../ensemble-types.js';

/** Every member failed: one error that lists each member's failure. */
export function allMembersFailed(replies: MemberReply[]): ConclaveError {
  return new ConclaveError(
    'all-failed',
    `Every ensemble member failed (${replies.map((reply) => reply.model).join(', ')}).`,
    {
      attempts: replies.map((reply) => ({
        model: reply.model,
        kind: toKind(reply.error?.kind),
        message: reply.error?.message ?? 'empty answer',
      })),
      hint: 'Check the models with `conclave models --available`, or choose other members with --members.',
    },
  );
}

function toKind(kind: string | undefined): ErrorKind {
  return (ERROR_KINDS as readonly string[]).includes(kind ?? '') ? (kind as ErrorKind) : 'upstream';
}
