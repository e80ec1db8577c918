import { ZERO_USAGE } from '../../../core/usage.js';
import type { MemberCaller } from '../ensemble-types.js';
import type { ReplayQuery } from './outcome-dataset.js';

/**
 * A member caller that answers from the record instead of a provider: the model's recorded response and its
 * recorded cost. Ungraded or missing cells come back as failed calls (still paid). Judge, aggregator and verifier
 * calls have no recording — they fail, and `unrecorded` counts them so a benchmark can refuse such results.
 */
export function createReplayCaller(query: ReplayQuery): { call: MemberCaller; unrecorded: () => number } {
  let unrecorded = 0;
  const call: MemberCaller = async ({ model, role, stage }) => {
    const recorded = query.answers.get(model);
    if (role !== 'member' || !recorded) {
      if (role !== 'member') unrecorded += 1;
      return failure(
        model,
        role,
        stage,
        0,
        role === 'member' ? 'no recorded answer' : `no recorded ${role} output`,
      );
    }
    if (recorded.response === undefined || recorded.response.trim() === '')
      return failure(
        model,
        role,
        stage,
        recorded.costUsd,
        'the recorded answer is missing or was not graded',
      );
    return {
      model,
      role,
      stage,
      ok: true,
      text: recorded.response,
      latencyMs: 0,
      usage: ZERO_USAGE,
      costUsd: recorded.costUsd,
    };
  };
  return { call, unrecorded: () => unrecorded };
}

function failure(
  model: string,
  role: Parameters<MemberCaller>[0]['role'],
  stage: number | undefined,
  costUsd: number,
  message: string,
) {
  return {
    model,
    role,
    stage,
    ok: false,
    text: '',
    error: { kind: 'unavailable', message },
    latencyMs: 0,
    usage: ZERO_USAGE,
    costUsd,
  };
}
