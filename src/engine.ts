import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Archetype, BUILTIN_ARCHETYPES } from './catalog/archetypes.js';
import { conclaveHome, modelsDirectory, storePath } from './config/conclave-home.js';
import type { ConclaveConfig } from './config/config-schema.js';
import { type LoadConfigOptions, type LoadedConfig, loadConfig } from './config/load-config.js';
import type { ChatRequest, ChatResult } from './core/chat-request.js';
import type { ModelProfile } from './core/model-profile.js';
import type { RoutingDecision } from './core/routing-decision.js';
import { createChatRunner } from './engine/chat-runner.js';
import { createEmbedRunner } from './engine/embed-runner.js';
import { createModelRegistry } from './engine/model-registry.js';
import { createExperimentRunner } from './learning/experiments/experiment-runner.js';
import { registerFineTunedModels } from './learning/finetune/fine-tuned-models.js';
import { createTrainingStore } from './learning/training-store.js';
import type { ChatStream, OrchestrationContext } from './orchestration/orchestration-context.js';
import { createVirtualModels } from './orchestration/virtual-models.js';
import type { FetchFunction } from './providers/create-language-model.js';
import { resolveProviders } from './providers/resolve-providers.js';
import { createCircuitBreakers } from './resilience/circuit-breaker.js';
import type { ExecutorDependencies } from './resilience/executor-types.js';
import { createHealthTracker } from './resilience/health-tracker.js';
import { createModelRateLimiter } from './resilience/model-rate-limiter.js';
import { createRetryBudget } from './resilience/retry-budget.js';
import { classifyWithModel, loadTaskClassifier } from './routing/classify/learned-classifier.js';
import { createRouter } from './routing/create-router.js';
import { createEvidenceSource } from './routing/evidence/create-evidence-source.js';
import { createEvidenceFileSource } from './routing/evidence/evidence-file-source.js';
import { createOutcomeEvidence } from './routing/evidence/outcome-evidence.js';
import { createRouterModelSource } from './routing/evidence/router-model-source.js';
import { assignModels, rotationDay } from './routing/rotation.js';
import { createApiKeyStore } from './store/api-keys.js';
import { startLogRetention } from './store/log-retention.js';
import { openDatabase } from './store/open-database.js';
import { createPinStore } from './store/pins.js';
import { createRequestLog } from './store/request-log.js';

export type { ChatStream } from './engine/chat-runner.js';
export type { EmbedRequest } from './engine/embed-runner.js';

export interface CreateEngineOptions extends LoadConfigOptions {
  /** A config object to use instead of reading a file. */
  config?: ConclaveConfig;
  environment?: NodeJS.ProcessEnv;
  /** Probe Ollama and local servers (default true). */
  discover?: boolean;
  fetch?: FetchFunction;
  /** Override the store file (`:memory:` for tests). */
  storeFile?: string;
  /** Deterministic randomness for exploration and jitter (tests). */
  random?: () => number;
}

/** The one object the CLI, the gateway and the library use: config → catalog, router, executor, store. */
export async function createEngine(options: CreateEngineOptions = {}) {
  const environment = options.environment ?? process.env;
  const loaded: LoadedConfig = options.config
    ? { config: options.config, file: undefined, warnings: [] }
    : loadConfig({ ...options, environment });
  const { config } = loaded;
  const providers = resolveProviders(config, environment);
  const modelsDir = modelsDirectory(config, environment);
  const registry = await createModelRegistry({
    config,
    providers,
    modelsDir,
    discover: options.discover !== false,
    fetch: options.fetch,
  });
  const database = openDatabase(options.storeFile ?? storePath(config, environment));
  // Models produced by fine-tune jobs (stored by `conclave finetune`) join the catalog.
  const addFineTunedModels = () =>
    registerFineTunedModels({
      database,
      config,
      providers,
      catalog: registry.profiles,
      registerModel: registry.registerModel,
    });
  addFineTunedModels();
  const requestLog = createRequestLog(database);
  const pins = createPinStore(database);
  const breakers = createCircuitBreakers(config.circuit);
  const health = createHealthTracker();
  const retryBudget = createRetryBudget({ maxRetriesPerMinute: config.retry.maxRetriesPerMinute });
  const outcomes = createOutcomeEvidence(database);
  // store.retentionDays: old requests leave the log (and the routing evidence) in small batches.
  let retentionProblem: string | undefined;
  const retention = startLogRetention({
    requestLog,
    retentionDays: config.store.retentionDays,
    beforeDelete: outcomes.forget,
    onOutcome: (error) => {
      retentionProblem =
        error === undefined
          ? undefined
          : `The request log's retention clean-up failed (retried within the hour): ${(error as Error).message}`;
    },
  });
  const evidenceFilePath =
    config.routing.evidenceFile ?? path.join(conclaveHome(environment), 'routing-evidence.json');
  // The rules file is re-read when `conclave eval report` rewrites it (checked at most every 2 s), so a
  // running gateway routes on new evidence without a restart; a damaged file is a warning, never a failure.
  const evidenceFile = createEvidenceFileSource(evidenceFilePath);
  const classifierPath =
    config.routing.classifierFile ?? path.join(conclaveHome(environment), 'task-classifier.json');
  const classifier = existsSync(classifierPath) ? loadTaskClassifier(classifierPath) : undefined;
  const routerModelPath =
    config.routing.routerModelFile ?? path.join(conclaveHome(environment), 'router-model.json');
  const routerModel = await createRouterModelSource(routerModelPath);
  const router = createRouter({
    config,
    learnedClassifier: classifier ? (text) => classifyWithModel(classifier, text) : undefined,
    profiles: registry.profiles,
    healthBlock: (model) => breakers.blockReason(model.id),
    pinFor: (sessionId) => pins.get(sessionId),
    evidence: createEvidenceSource({
      outcomes,
      evidenceFile: evidenceFile.current,
      liveLatencyMs: (model) => health.get(model)?.latencyMs,
      exploration: config.routing.exploration,
      predictor: routerModel.predict,
      random: options.random,
    }),
  });
  const limiter = createModelRateLimiter((model) => {
    const modelConfig = config.models.find((entry) => entry.id === model.id);
    if (modelConfig?.rpm || modelConfig?.tpm)
      return { key: `model:${model.id}`, limits: { rpm: modelConfig.rpm, tpm: modelConfig.tpm } };
    const provider = providers.get(model.provider);
    if (provider?.rpm || provider?.tpm)
      return { key: `provider:${provider.name}`, limits: { rpm: provider.rpm, tpm: provider.tpm } };
    return undefined;
  });
  const executor = (): ExecutorDependencies => ({
    limiter,
    profile: registry.profile,
    languageModelFor: registry.languageModelFor,
    timeouts: config.timeouts,
    retry: config.retry,
    breakers,
    health,
    retryBudget,
    random: options.random,
  });
  const chat = createChatRunner({ registry, router, requestLog, privacy: config.privacy, executor });
  const embed = createEmbedRunner({ registry, router, requestLog, privacy: config.privacy, executor });
  const archetypes = (): Archetype[] => mergeArchetypes(config);
  const assignments = (date?: string) => {
    const day = rotationDay({ date: date ?? config.rotation.date, timezone: config.rotation.timezone });
    return {
      day,
      assignments: assignModels(archetypes(), day, registry.profile, (model: ModelProfile) =>
        breakers.blockReason(model.id),
      ),
    };
  };
  const context: OrchestrationContext = {
    config,
    database,
    requestLog,
    profiles: registry.profiles,
    profile: registry.profile,
    route: (request) => router.decide(request),
    stream: chat.stream,
    generate: chat.generate,
    archetypes,
    assignments,
    blockReason: (modelId) => breakers.blockReason(modelId),
    embed: (request) => embed(request),
    training: createTrainingStore(database, { threshold: config.learning.collection.threshold }),
  };
  const virtual = createVirtualModels(context);
  const experiments = createExperimentRunner({
    database,
    settings: config.learning.experiments,
    taskClassOf: (request) => router.decide({ ...request, model: undefined }).taskClass,
    random: options.random,
  });
  /**
   * A/B experiments first (a covered request gets its arm's model, sticky per session), then: ordinary models
   * go to the chat runner; council/…, ensemble/…, pipeline/… to their orchestration.
   */
  const stream = (input: ChatRequest): ChatStream => {
    const experiment = experiments.assign(input);
    const request = experiment?.request ?? input;
    const match = virtual.match(request.model);
    const running = match ? match.handler.stream(request, match.name) : chat.stream(request);
    experiment?.record(running.id);
    return running;
  };
  const generate = async (input: ChatRequest): Promise<ChatResult> => {
    const experiment = experiments.assign(input);
    const request = experiment?.request ?? input;
    const match = virtual.match(request.model);
    if (!match) {
      // An ordinary model: the runner executes without a stream of parts to pull.
      return chat.generate(request, (id) => experiment?.record(id));
    }
    const running = match.handler.stream(request, match.name);
    experiment?.record(running.id);
    for await (const _part of running.parts) {
      // Drain: the run advances as its parts are pulled.
    }
    return running.result;
  };

  return {
    config,
    configFile: loaded.file,
    /** Configuration warnings, and why the evidence or router model file on disk is not in use (current). */
    get warnings(): string[] {
      return [
        ...loaded.warnings,
        ...[evidenceFile.problem, routerModel.problem, retentionProblem].filter(
          (problem) => problem !== undefined,
        ),
      ];
    },
    providers,
    get discovery() {
      return registry.discovery;
    },
    catalog: registry.profiles,
    profile: registry.profile,
    registerModel: registry.registerModel,
    route: (request: ChatRequest): RoutingDecision => router.decide(request),
    classify: router.classify,
    stream,
    generate,
    orchestration: context,
    experiments,
    embed,
    archetypes,
    /** Every archetype's model for a day (rotation), skipping unavailable or circuit-open models. */
    assignments,
    /** Virtual models added by orchestration presets (council/…, ensemble/…, pipeline/…). */
    virtualModels: virtual.list,
    pins,
    keys: createApiKeyStore(database),
    requestLog,
    breakers,
    health,
    database,
    modelsDir,
    evidenceFilePath,
    classifierPath,
    routerModelPath,
    /**
     * Reads the request log's outcomes for routing and the running experiments' statistics now; the gateway
     * does it before it listens, so no request pays for these first full reads.
     */
    loadEvidence(): void {
      outcomes.load();
      experiments.load();
    },
    reloadEvidence(): void {
      evidenceFile.invalidate();
      outcomes.invalidate();
      void routerModel.refresh();
    },
    async refreshDiscovery(): Promise<void> {
      await registry.refresh();
      addFineTunedModels();
    },
    async close(): Promise<void> {
      retention.stop();
      requestLog.close();
      await registry.close();
      database.close();
    },
  };
}

export type Engine = Awaited<ReturnType<typeof createEngine>>;

function mergeArchetypes(config: ConclaveConfig): Archetype[] {
  const custom = config.archetypes;
  const merged = BUILTIN_ARCHETYPES.map((archetype) => {
    const override = custom[archetype.name];
    if (!override) return archetype;
    return {
      ...archetype,
      title: override.title ?? archetype.title,
      focus: override.focus ?? archetype.focus,
      prompt: override.prompt ?? archetype.prompt,
      preferences: override.preferences ?? [...archetype.preferences, ...(override.addModels ?? [])],
    };
  });
  for (const [name, archetype] of Object.entries(custom)) {
    if (merged.some((existing) => existing.name === name)) continue;
    const title = archetype.title ?? name.replace(/_/g, ' ');
    merged.push({
      name,
      title,
      focus: archetype.focus ?? title,
      prompt:
        archetype.prompt ??
        `You are the ${title} of a council of experts. Answer from that perspective, concretely and concisely.`,
      preferences: archetype.preferences ?? archetype.addModels ?? [],
    });
  }
  return merged;
}
