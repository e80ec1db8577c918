import { addUsage, ZERO_USAGE } from '../../core/usage.js';
import type { CouncilCall, CouncilRun } from './council-run.js';

/** Every model call of a run, in stage order. */
export function allCalls(run: CouncilRun): CouncilCall[] {
  return [
    ...run.rounds.flatMap((round) => round.calls),
    ...(run.review?.reviews.map((review) => review.call) ?? []),
    ...(run.synthesis ? [run.synthesis.call] : []),
  ];
}

/**
 * Fills in the final answer — the chairman's synthesis, else the top-ranked answer, else the first member's —
 * and the totals: models used, calls, average latency of the calls that answered, tokens, cost, duration.
 */
export function finishRun(
  run: CouncilRun,
  answers: ReadonlyMap<string, CouncilCall>,
  durationMs: number,
): void {
  const synthesis = run.synthesis?.call;
  const top = run.review?.aggregate.find((entry) => entry.averageRank !== null);
  const first = run.members.find((member) => answers.has(member.archetype));
  if (synthesis?.ok) {
    run.final = { text: synthesis.text, source: 'chairman', member: 'chairman', model: synthesis.model };
  } else if (top && answers.has(top.member)) {
    const call = answers.get(top.member)!;
    run.final = { text: call.text, source: 'top-ranked', member: top.member, model: call.model };
  } else if (first) {
    const call = answers.get(first.archetype)!;
    run.final = { text: call.text, source: 'first-answer', member: first.archetype, model: call.model };
  }
  const calls = allCalls(run);
  const answered = calls.filter((call) => call.ok);
  run.totals = {
    models: [...new Set(answered.map((call) => call.model))],
    calls: calls.length,
    averageLatencyMs: answered.length
      ? Math.round(answered.reduce((sum, call) => sum + call.latencyMs, 0) / answered.length)
      : 0,
    usage: calls.reduce((sum, call) => addUsage(sum, call.usage), ZERO_USAGE),
    // Rounded so summing many tiny float costs does not print as 0.00035000000000000005.
    costUsd: Math.round(calls.reduce((sum, call) => sum + call.costUsd, 0) * 1e12) / 1e12,
    durationMs,
  };
}
