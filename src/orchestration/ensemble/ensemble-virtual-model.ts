import { ENSEMBLE_STRATEGIES } from '../../config/sections/ensemble.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { OrchestrationContext, VirtualModelHandler } from '../orchestration-context.js';
import { ensembleChatStream } from './ensemble-chat-stream.js';
import { startEnsemble } from './run-ensemble.js';

const DESCRIPTIONS: Record<(typeof ENSEMBLE_STRATEGIES)[number], string> = {
  'best-of-n': 'Every member answers; an LLM judge (pairwise, positions swapped) picks the best answer',
  weighted: 'Reliability-weighted vote (closed-form answers) or fusion by an aggregator (free text)',
  consensus: 'Answers only when the members agree (threshold); otherwise reports the disagreement',
  specialization: 'The top models for the detected task type, combined by weighted vote',
  moa: 'Mixture-of-agents: layered proposers refine each other, one aggregator answers',
  cascade: 'Cheapest models first; escalates to stronger ones only when agreement is low',
};

/**
 * Ensemble strategies and presets as gateway models `ensemble/<name>`. The request's messages are the input;
 * `conclave.allow` (routing allow list) names the members when it lists model ids, and `conclave.task_class`
 * fixes the task type.
 */
export function createEnsembleVirtualModel(context: OrchestrationContext): VirtualModelHandler {
  const presets = () => context.config.ensemble.presets;
  return {
    prefix: 'ensemble',
    list: () => [
      ...ENSEMBLE_STRATEGIES.map((strategy) => ({
        id: `ensemble/${strategy}`,
        description: DESCRIPTIONS[strategy],
      })),
      ...Object.entries(presets()).map(([name, preset]) => ({
        id: `ensemble/${name}`,
        description: preset.description ?? `${preset.strategy} ensemble preset`,
      })),
    ],
    stream(request, name) {
      if (!(ENSEMBLE_STRATEGIES as readonly string[]).includes(name) && !presets()[name])
        throw new ConclaveError('not-found', `Unknown ensemble "ensemble/${name}".`, {
          param: 'model',
          hint: `Available: ${[...ENSEMBLE_STRATEGIES, ...Object.keys(presets())].map((entry) => `ensemble/${entry}`).join(', ')}.`,
        });
      const allow = request.routing?.allow ?? [];
      const members = allow.length > 0 && allow.every((id) => context.profile(id)) ? allow : undefined;
      const execution = startEnsemble(context, {
        messages: request.prompt,
        strategy: name,
        members,
        allow: members ? undefined : request.routing?.allow,
        deny: request.routing?.deny,
        taskType: request.routing?.taskClass,
        consent: request.consent,
        localOnly: request.routing?.localOnly,
        sessionId: request.sessionId,
        apiKeyId: request.apiKeyId,
        signal: request.signal,
        options: {
          maxOutputTokens: request.options.maxOutputTokens,
          temperature: request.options.temperature,
          topP: request.options.topP,
        },
      });
      return ensembleChatStream(context, execution);
    },
  };
}
