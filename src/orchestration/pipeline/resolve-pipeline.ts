import type { ConclaveConfig } from '../../config/config-schema.js';
import {
  dependenciesOf,
  type PhaseConfig,
  type PhaseKind,
  type PipelineProfileConfig,
  pipelineGraphProblems,
} from '../../config/sections/pipelines.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { BUILTIN_PROFILES } from './builtin-profiles.js';
import type { PipelineDefinition } from './pipeline-types.js';

/** Every profile: the built-ins, replaced or extended by `pipelines.profiles` in the config. */
export function listPipelines(config: ConclaveConfig): PipelineDefinition[] {
  const custom = Object.entries(config.pipelines.profiles).map(([name, profile]) =>
    fromConfig(name, profile),
  );
  const names = new Set(custom.map((profile) => profile.name));
  return [...BUILTIN_PROFILES.filter((profile) => !names.has(profile.name)), ...custom];
}

/**
 * The profile for an agent name. "coding_agent", "Coding" and "coding" all name the built-in `coding`
 * profile (the brief's agents are called `<name>_agent`). Unknown names fail with the list of known ones.
 */
export function resolvePipeline(config: ConclaveConfig, agent: string): PipelineDefinition {
  const profiles = listPipelines(config);
  const wanted = normalise(agent);
  const found = profiles.find((profile) => normalise(profile.name) === wanted);
  if (!found) {
    const names = profiles.map((profile) => profile.name);
    const close = names.filter((name) => normalise(name).startsWith(wanted.slice(0, 3)) && wanted.length > 0);
    throw new ConclaveError('not-found', `Unknown pipeline profile "${agent}".`, {
      param: 'model',
      hint: `${close.length ? `Did you mean "${close[0]}"? ` : ''}Available: ${names.join(', ')} (add your own under pipelines.profiles in conclave.yaml).`,
    });
  }
  // Config profiles were checked when the file was loaded; this guards library-built configs as well.
  const problems = pipelineGraphProblems(found.phases);
  if (problems.length > 0)
    throw new ConclaveError(
      'config',
      `Pipeline "${found.name}" is invalid: ${problems.map((problem) => problem.message).join('; ')}.`,
      { hint: `Fix pipelines.profiles.${found.name}.phases in conclave.yaml.` },
    );
  return found;
}

function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/-agent$/, '');
}

function fromConfig(name: string, profile: PipelineProfileConfig): PipelineDefinition {
  return {
    name,
    description: profile.description ?? `Custom pipeline ${name}`,
    taskClass: profile.taskClass,
    objective: profile.objective,
    instructions: profile.instructions,
    strategy: profile.strategy,
    source: 'config',
    phases: profile.phases.map((entry, index) => {
      const phase: PhaseConfig = entry;
      const { timeout, kind, dependsOn: _explicit, ...rest } = phase;
      return {
        ...rest,
        kind: kind ?? (phase.name as PhaseKind),
        dependsOn: dependenciesOf(profile.phases, index),
        timeoutMs: timeout,
      };
    }),
  };
}
