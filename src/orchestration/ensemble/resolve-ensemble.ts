import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import {
  type CascadeCheck,
  ENSEMBLE_STRATEGIES,
  type EnsembleStrategyName,
  type JudgeMode,
} from '../../config/sections/ensemble.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { TaskClass } from '../../core/task-class.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import { detectAnswerFormat } from './answer-format.js';
import { questionOf, toConversation } from './conversation.js';
import type { EnsembleInput } from './ensemble-input.js';
import type { AnswerFormat, EnsembleMember } from './ensemble-types.js';
import { weighMembers } from './member-weights.js';
import { chooseMembers, strongest } from './rank-members.js';
import { eligibleModels, resolveNamedMembers } from './select-members.js';
import { defaultStages, type EscalationPolicy } from './strategies/cascade-policy.js';
import { resolveTaskType } from './task-type.js';
import { trackRecordSourceOf } from './track-record-source.js';
import { checkThreshold, strategyError } from './validate-input.js';

/** Everything decided before the first model is called. */
export interface EnsemblePlan {
  strategy: EnsembleStrategyName;
  preset?: string;
  taskType: TaskClass;
  taskDetected: boolean;
  conversation: LanguageModelV4Prompt;
  question: string;
  format: AnswerFormat;
  members: EnsembleMember[];
  judge?: string;
  judgeMode: JudgeMode;
  aggregator?: string;
  consensusThreshold: number;
  moaLayers: number;
  cascade: { threshold: number; check: CascadeCheck; stages: string[][]; policy?: EscalationPolicy };
}

/** Validates the input and resolves strategy, members, judge and stages; throws a one-line error on bad input. */
export function resolveEnsemble(context: OrchestrationContext, input: EnsembleInput): EnsemblePlan {
  const settings = context.config.ensemble;
  const name = input.strategy ?? settings.strategy;
  const preset = (ENSEMBLE_STRATEGIES as readonly string[]).includes(name)
    ? undefined
    : settings.presets[name];
  if (!(ENSEMBLE_STRATEGIES as readonly string[]).includes(name) && !preset)
    throw strategyError(name, Object.keys(settings.presets));
  const strategy = (preset?.strategy ?? name) as EnsembleStrategyName;
  const threshold = input.threshold ?? preset?.threshold;
  if (threshold !== undefined) checkThreshold(strategy, threshold);
  const numModels = input.numModels ?? preset?.numModels ?? settings.numModels;
  if (!Number.isInteger(numModels) || numModels < 1)
    throw new ConclaveError('bad-request', `--models must be a whole number ≥ 1 (got ${numModels}).`, {
      param: 'numModels',
    });
  if (
    input.layers !== undefined &&
    !(Number.isInteger(input.layers) && input.layers >= 1 && input.layers <= 4)
  )
    throw new ConclaveError(
      'bad-request',
      `--layers must be a whole number from 1 to 4 (got ${input.layers}).`,
      {
        param: 'layers',
      },
    );
  const conversation = toConversation(input.messages);
  const question = questionOf(conversation);
  const { taskType, detected } = resolveTaskType(context, conversation, input.taskType ?? preset?.taskType);
  const format = detectAnswerFormat(question, taskType);
  const eligibility = {
    consent: input.consent,
    localOnly: input.localOnly,
    allow: input.allow,
    deny: input.deny,
  };
  const eligible = eligibleModels(context, eligibility);
  const trackRecords = settings.learnWeights
    ? trackRecordSourceOf(context.database).trackRecords(taskType)
    : undefined;
  const weigh = (models: string[]) =>
    weighMembers({
      models,
      taskType,
      profile: context.profile,
      settings,
      trackRecords,
      // Bytes / 4: a typical token ratio, enough for ordering members by cost without loading a tokenizer.
      promptTokens: Math.ceil(Buffer.byteLength(question) / 4),
    });
  const candidates = weigh(eligible.map((profile) => profile.id));
  const explicitStages =
    strategy === 'cascade' ? (input.cascade?.stages ?? settings.cascade.stages) : undefined;
  const stages = explicitStages?.map((stage) => resolveNamedMembers(context, stage, eligibility, eligible));
  const named =
    input.members ??
    preset?.members ??
    stages?.flat() ??
    (settings.members.length > 0 ? settings.members : undefined);
  const memberIds = named
    ? resolveNamedMembers(context, named, eligibility, eligible)
    : chooseMembers(strategy, candidates, numModels, eligible);
  if (strategy === 'consensus' && memberIds.length < 2)
    throw new ConclaveError('bad-request', `Consensus needs at least 2 members (got ${memberIds.length}).`, {
      param: 'members',
      hint: 'Use --models 3, or list two or more --members.',
    });
  const members = weigh(memberIds);
  const pick = (configured: string | undefined, role: string) =>
    configured
      ? resolveNamedMembers(context, [configured], eligibility, eligible)[0]
      : strongest(candidates, `the ${role}`);
  const judgeMode = input.judgeMode ?? settings.judge.mode;
  const needsJudge = strategy === 'best-of-n' && judgeMode !== 'agreement';
  const needsAggregator = strategy === 'moa' || (strategy === 'weighted' && format.kind === 'free');
  return {
    strategy,
    preset: preset ? name : undefined,
    taskType,
    taskDetected: detected,
    conversation,
    question,
    format,
    members,
    judge: needsJudge ? pick(input.judge ?? settings.judge.model, 'judge') : undefined,
    judgeMode,
    aggregator: needsAggregator ? pick(input.aggregator ?? settings.aggregator, 'aggregator') : undefined,
    consensusThreshold:
      strategy === 'consensus' ? (threshold ?? settings.consensus.threshold) : settings.consensus.threshold,
    moaLayers: input.layers ?? settings.moa.layers,
    cascade: {
      threshold:
        strategy === 'cascade' ? (threshold ?? settings.cascade.threshold) : settings.cascade.threshold,
      check: input.cascade?.check ?? settings.cascade.check,
      stages: stages ?? defaultStages(members, input.cascade?.firstStage ?? settings.cascade.firstStage),
      policy: input.cascade?.policy,
    },
  };
}
