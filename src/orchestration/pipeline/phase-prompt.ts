import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { PHASE_NEEDS } from './phase-kinds.js';
import type { PhasePlan } from './pipeline-types.js';

/** What an earlier phase left for the phases after it. */
export type PhaseOutput =
  | { status: 'ok'; text: string; model: string; kind: PhasePlan['kind'] }
  | { status: 'skipped'; reason: string; kind: PhasePlan['kind'] };

export interface PhasePromptInput {
  plan: PhasePlan;
  domainInstructions?: string;
  task: string;
  parameters: Record<string, unknown>;
  /** Outputs of every phase this one depends on, directly or through others, in run order. */
  phaseOutputs: ReadonlyMap<string, PhaseOutput>;
}

/**
 * The phase's prompt: its instructions (system) and the context passed forward (user): the task, its
 * parameters and `phaseOutputs.<phase>` for each earlier phase it depends on, skipped ones included with why.
 */
export function buildPhasePrompt({
  plan,
  domainInstructions,
  task,
  parameters,
  phaseOutputs,
}: PhasePromptInput): LanguageModelV4Prompt {
  const parametersText = Object.keys(parameters).length ? JSON.stringify(parameters, null, 2) : 'none';
  const instructions = fillTemplate(plan.instructions, task, parametersText, phaseOutputs);
  const sections = [`Task:\n${task}`, `Parameters:\n${parametersText}`];
  for (const [name, output] of phaseOutputs) {
    sections.push(
      output.status === 'ok'
        ? `phaseOutputs.${name} (${output.kind} phase, by ${output.model}):\n${output.text}`
        : `phaseOutputs.${name}: skipped — ${output.reason}`,
    );
  }
  const focus = solutionFocus(plan, phaseOutputs);
  if (focus) sections.push(focus);
  return [
    {
      role: 'system',
      content: [domainInstructions, instructions].filter(Boolean).join('\n\n'),
    },
    { role: 'user', content: [{ type: 'text', text: sections.join('\n\n') }] },
  ];
}

/** Points check and refinement phases at the solution they work on (the latest one that exists). */
function solutionFocus(plan: PhasePlan, outputs: ReadonlyMap<string, PhaseOutput>): string | undefined {
  if (PHASE_NEEDS[plan.kind].producesSolution && plan.kind !== 'refinement') return undefined;
  if (plan.kind === 'planning' || plan.kind === 'research') return undefined;
  const solutions = [...outputs].filter(
    ([, output]) => output.status === 'ok' && PHASE_NEEDS[output.kind].producesSolution,
  );
  const latest = solutions.at(-1);
  if (!latest) return undefined;
  const review = [...outputs].find(([, output]) => output.kind === 'review');
  if (plan.kind === 'refinement') {
    if (!review)
      return `Improve the solution in phaseOutputs.${latest[0]}; no review phase ran, so use your own judgement.`;
    return review[1].status === 'ok'
      ? `Improve the solution in phaseOutputs.${latest[0]} using the review in phaseOutputs.${review[0]}.`
      : `Improve the solution in phaseOutputs.${latest[0]}; the review was skipped, so use your own judgement.`;
  }
  return `The solution to ${plan.kind === 'validation' ? 'check' : 'review'} is phaseOutputs.${latest[0]}.`;
}

function fillTemplate(
  template: string,
  task: string,
  parameters: string,
  outputs: ReadonlyMap<string, PhaseOutput>,
): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (match, key: string) => {
    if (key === 'task') return task;
    if (key === 'parameters') return parameters;
    if (key.startsWith('phaseOutputs.')) {
      const output = outputs.get(key.slice('phaseOutputs.'.length));
      if (!output) return '(not available)';
      return output.status === 'ok' ? output.text : `(skipped: ${output.reason})`;
    }
    return match;
  });
}
