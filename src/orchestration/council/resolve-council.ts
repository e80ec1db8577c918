import type { Archetype } from '../../catalog/archetypes.js';
import type { CouncilPresetConfig } from '../../config/sections/council.js';
import type { CallOptions } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { TaskClass } from '../../core/task-class.js';
import type { StoredMessage } from '../../learning/training-store.js';
import { type Assignment, type RotationDay, rotationDay } from '../../routing/rotation.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import { type ChairmanChoice, chooseChairman } from './choose-chairman.js';
import { councilPresets } from './council-presets.js';
import type { CouncilMember } from './council-run.js';

export const MAX_ROUNDS = 5;
/** Reviewers see the others under the labels A–Z. */
export const MAX_MEMBERS = 26;

/** What a caller asks of a council (CLI flags, a gateway request, a library call). */
export interface CouncilInput {
  question: string;
  /** Archetype names; give these or a preset (neither: the "default" preset). */
  agents?: readonly string[];
  preset?: string;
  /** Earlier turns; when absent and `sessionId` is set, the stored conversation is used. */
  history?: StoredMessage[];
  chairman?: string;
  review?: boolean;
  rounds?: number;
  budget?: { maxCostUsd?: number; maxSeconds?: number };
  /** Rotation day (YYYY-MM-DD); default rotation.date, else today in rotation.timezone. */
  date?: string;
  /** The clock "today" is read from (tests). */
  now?: Date;
  /** Seeds the reviewers' label shuffles; recorded so a run can be replayed. */
  seed?: number;
  sessionId?: string;
  consent?: boolean;
  localOnly?: boolean;
  apiKeyId?: string;
  signal?: AbortSignal;
  options?: CallOptions;
}

export interface CouncilPlan {
  preset?: string;
  members: CouncilMember[];
  archetypes: Map<string, Archetype>;
  /** Members left out before any call because no model of theirs is available. */
  dropped: { member: string; because: string }[];
  chairman: ChairmanChoice;
  review: boolean;
  rounds: number;
  budget: { maxCostUsd?: number; maxSeconds?: number };
  day: RotationDay;
  taskClass: TaskClass;
}

/** Validates the input and resolves members, models, chairman and limits — before any model is called. */
export function resolveCouncil(context: OrchestrationContext, input: CouncilInput): CouncilPlan {
  const config = context.config.council;
  const archetypes = new Map(context.archetypes().map((archetype) => [archetype.name, archetype]));
  const validArchetypes = `Valid archetypes: ${[...archetypes.keys()].join(', ')}.`;
  if (input.question.trim() === '')
    throw new ConclaveError('bad-request', 'No question given for the council.', {
      hint: 'Example: conclave council --agents strategist,engineer "Should we build or buy?"',
    });
  if (input.agents && input.preset)
    throw new ConclaveError('bad-request', 'Give either agents or a preset, not both.');
  const presetName = input.agents ? undefined : (input.preset ?? 'default');
  const preset = presetName === undefined ? undefined : findPreset(context, presetName);
  const agents = (input.agents ?? preset?.agents ?? []).map((agent) => agent.trim()).filter(Boolean);
  const where = presetName === undefined ? '' : ` in council preset "${presetName}"`;
  if (agents.length === 0)
    throw new ConclaveError('bad-request', `No agents given${where}. ${validArchetypes}`, {
      hint: 'Example: --agents strategist,engineer,designer',
    });
  for (const agent of agents) {
    if (!archetypes.has(agent))
      throw new ConclaveError(
        preset ? 'config' : 'bad-request',
        `Unknown archetype "${agent}"${where}. ${validArchetypes}`,
      );
    if (agents.indexOf(agent) !== agents.lastIndexOf(agent))
      throw new ConclaveError(
        'bad-request',
        `Archetype "${agent}" is listed twice${where}. ${validArchetypes}`,
      );
  }
  if (agents.length < 2)
    throw new ConclaveError(
      'bad-request',
      `A council needs at least two agents, got only "${agents[0]}"${where}. ${validArchetypes}`,
      {
        hint: `To ask one agent, use: conclave run --agent ${agents[0]} "…"`,
      },
    );
  if (agents.length > MAX_MEMBERS)
    throw new ConclaveError(
      'bad-request',
      `A council has at most ${MAX_MEMBERS} agents, got ${agents.length}.`,
    );
  const rounds = input.rounds ?? preset?.rounds ?? config.rounds;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_ROUNDS)
    throw new ConclaveError(
      'bad-request',
      `Invalid number of rounds ${rounds}: use a whole number from 1 to ${MAX_ROUNDS}.`,
    );

  const date =
    input.date ??
    context.config.rotation.date ??
    (input.now
      ? rotationDay({ timezone: context.config.rotation.timezone, now: input.now }).date
      : undefined);
  const { day, assignments } = context.assignments(date);
  const members: CouncilMember[] = [];
  const dropped: CouncilPlan['dropped'] = [];
  for (const agent of agents) {
    const archetype = archetypes.get(agent)!;
    const assignment = assignments.find((candidate) => candidate.archetype === agent)!;
    if (assignment.model === undefined) dropped.push({ member: agent, because: noModelReason(assignment) });
    else members.push(toMember(archetype, assignment, day));
  }
  if (members.length < 2)
    throw new ConclaveError(
      'unavailable',
      `Only ${members.length} of ${agents.length} council members have an available model: ${dropped
        .map((entry) => `${entry.member}: ${entry.because}`)
        .join('; ')}.`,
      {
        hint: 'Add a provider for their preferred models, or add a model to their rotation (archetypes.<name>.addModels in conclave.yaml).',
      },
    );

  const allowExternal = input.consent === true;
  const chairmanSource = input.chairman
    ? 'request'
    : preset?.chairman
      ? `preset ${presetName}`
      : config.chairman
        ? 'council.chairman'
        : undefined;
  const chairman = chooseChairman(context, {
    requested: input.chairman ?? preset?.chairman ?? config.chairman,
    source: chairmanSource,
    allowExternal,
  });
  // Routing the chairman's request now surfaces consent, licence and local-only refusals before any call.
  const decision = context.route({
    model: chairman.model,
    prompt: [{ role: 'user', content: [{ type: 'text', text: input.question }] }],
    options: input.options ?? {},
    routing: input.localOnly ? { localOnly: true } : undefined,
    consent: input.consent,
  });
  return {
    preset: presetName,
    members,
    archetypes,
    dropped,
    chairman,
    review: input.review ?? preset?.review ?? config.review,
    rounds,
    budget: { ...config.budget, ...preset?.budget, ...definedOnly(input.budget) },
    day,
    taskClass: decision.taskClass,
  };
}

function findPreset(context: OrchestrationContext, name: string): CouncilPresetConfig {
  const presets = councilPresets(context.config.council);
  const preset = presets[name];
  if (!preset)
    throw new ConclaveError(
      'not-found',
      `Unknown council preset "${name}". Valid presets: ${Object.keys(presets).join(', ')}.`,
      {
        param: 'model',
        hint: 'Add presets under council.presets in conclave.yaml, or pass the agents directly.',
      },
    );
  return preset;
}

export function toMember(archetype: Archetype, assignment: Assignment, day: RotationDay): CouncilMember {
  const model = assignment.model!;
  const position = archetype.preferences.indexOf(model) + 1;
  const skips = assignment.skipped.map((skip) => `skipped ${skip.model}: ${skip.because}`);
  return {
    archetype: archetype.name,
    title: archetype.title,
    focus: archetype.focus,
    model,
    preferred: assignment.preferred,
    why: [
      `rotation day ${day.dayOfYear} (${day.date}): preference ${position} of ${archetype.preferences.length}`,
      ...skips,
    ].join('; '),
    skipped: assignment.skipped,
  };
}

export function noModelReason(assignment: Assignment): string {
  return `no available model (${assignment.skipped.map((skip) => `${skip.model} ${skip.because}`).join(', ')})`;
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
