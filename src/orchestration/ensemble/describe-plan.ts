import type { EnsemblePlan } from './resolve-ensemble.js';

/** The brief's headline ("🎭 Querying 3 top models…") and the plan's details in one line. */
export function describePlan(plan: EnsemblePlan): { headline: string; details: string } {
  const count = plan.members.length;
  const who = plan.strategy === 'specialization' ? `top ${plan.taskType} models` : 'top models';
  const head =
    plan.strategy === 'cascade'
      ? `🎭 Cascading over ${count} model${count === 1 ? '' : 's'}, cheapest first…`
      : `🎭 Querying ${count} ${count === 1 ? who.replace('models', 'model') : who}…`;
  const members = plan.members
    .map((member) => `${member.model} (${member.reliability.toFixed(2)})`)
    .join(', ');
  const extras = [
    plan.judge ? `judge ${plan.judge} (${plan.judgeMode})` : undefined,
    plan.aggregator ? `aggregator ${plan.aggregator}` : undefined,
    plan.strategy === 'consensus' ? `threshold ${plan.consensusThreshold}` : undefined,
    plan.strategy === 'cascade'
      ? `stages ${plan.cascade.stages.map((stage) => stage.join('+')).join(' → ')}, ${plan.cascade.check} ≥ ${plan.cascade.threshold}`
      : undefined,
    plan.strategy === 'moa' ? `${plan.moaLayers} layers` : undefined,
  ].filter(Boolean);
  return {
    headline: head,
    details: `Strategy ${plan.strategy}, task ${plan.taskType}${plan.taskDetected ? ' (detected)' : ''}; members ${members}${extras.length > 0 ? `; ${extras.join('; ')}` : ''}`,
  };
}
