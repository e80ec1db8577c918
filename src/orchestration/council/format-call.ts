import type { CouncilCall } from './council-run.js';

const VERB: Record<CouncilCall['stage'], string> = {
  answer: 'answered',
  review: 'reviewed',
  synthesis: 'synthesized',
};

/** "engineer answered on phi-3.5-mini-instruct (1.2 s, 40 in / 300 out tokens, $0.000120)". */
export function formatCall(call: CouncilCall): string {
  if (!call.ok) return `${call.member} failed on ${call.model}: ${call.error?.message ?? 'unknown error'}`;
  const seconds =
    call.latencyMs >= 1000 ? `${(call.latencyMs / 1000).toFixed(1)} s` : `${Math.round(call.latencyMs)} ms`;
  return `${call.member} ${VERB[call.stage]} on ${call.model} (${seconds}, ${call.usage.inputTokens} in / ${call.usage.outputTokens} out tokens, $${call.costUsd.toFixed(6)})`;
}
