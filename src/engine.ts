import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { discoverAll } from './catalog/discover-all.js';
import { type DiscoverySnapshot, EMPTY_DISCOVERY } from './catalog/discovery-snapshot.js';
import { resolveCatalog } from './catalog/resolve-catalog.js';
import { modelsDirectory, storePath } from './config/conclave-home.js';
import type { ConclaveConfig } from './config/config-schema.js';
import { type LoadConfigOptions, type LoadedConfig, loadConfig } from './config/load-config.js';
import { parseByteSize } from './config/parse-byte-size.js';
import type { ChatRequest, ChatResult, ChatStreamPart } from './core/chat-request.js';
import { ConclaveError } from './core/conclave-error.js';
import type { ModelProfile } from './core/model-profile.js';
import type { RoutingDecision } from './core/routing-decision.js';
import { failureRecord, successRecord, toChatResult } from './engine-result.js';
import { createEmbeddedEngine, type EmbeddedEngine } from './local/embedded-engine.js';
import { guardRequest } from './privacy/guard-request.js';
import { redactSecrets } from './privacy/scan-secrets.js';
import { warningLabels } from './privacy/warning-labels.js';
import { createEmbeddingModel } from './providers/create-embedding-model.js';
import { createLanguageModel, type FetchFunction } from './providers/create-language-model.js';
import { resolveProviders } from './providers/resolve-providers.js';
import { createCircuitBreakers } from './resilience/circuit-breaker.js';
import { executeEmbedding } from './resilience/execute-embedding.js';
import { executeStream } from './resilience/execute-stream.js';
import type { ExecutionOutcome } from './resilience/executor-types.js';
import { createHealthTracker } from './resilience/health-tracker.js';
import { createModelRateLimiter } from './resilience/model-rate-limiter.js';
import { createRetryBudget } from './resilience/retry-budget.js';
import { promptText } from './routing/classify/prompt-text.js';
import { createRouter } from './routing/create-router.js';
import { openDatabase } from './store/open-database.js';
import { createRequestLog } from './store/request-log.js';

export interface CreateEngineOptions extends LoadConfigOptions {
  /** A config object to use instead of reading a file. */
  config?: ConclaveConfig;
  environment?: NodeJS.ProcessEnv;
  /** Skip probing Ollama and local servers (tests, `conclave route`). */
  discover?: boolean;
  fetch?: FetchFunction;
  /** Override the store file (`:memory:` for tests). */
  storeFile?: string;
}

export interface EmbedRequest {
  model?: string;
  values: string[];
  dimensions?: number;
  consent?: boolean;
  apiKeyId?: string;
  signal?: AbortSignal;
}

export interface ChatStream {
  id: string;
  decision: RoutingDecision;
  parts: AsyncIterable<ChatStreamPart>;
  result: Promise<ChatResult>;
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
  let discovery: DiscoverySnapshot =
    options.discover === false
      ? { ...EMPTY_DISCOVERY, embedded: await embeddedOnly() }
      : await discoverAll({ config, providers, modelsDir, fetch: options.fetch });
  let profiles = resolveCatalog(config, providers, discovery);
  const byId = () => new Map(profiles.map((profile) => [profile.id, profile]));
  let index = byId();

  const database = openDatabase(options.storeFile ?? storePath(config, environment));
  const requestLog = createRequestLog(database);
  const breakers = createCircuitBreakers({ failureThreshold: 5, openMs: 30_000 });
  const health = createHealthTracker();
  const retryBudget = createRetryBudget({ maxRetriesPerMinute: config.retry.maxRetriesPerMinute });
  const router = createRouter({
    config,
    profiles: () => profiles,
    healthBlock: (model) => breakers.blockReason(model.id),
    evidence: { latencyMs: (model) => health.get(model.id)?.latencyMs },
  });

  let embedded: EmbeddedEngine | undefined;
  const languageModels = new Map<string, LanguageModelV4>();
  const languageModelFor = (profile: ModelProfile): LanguageModelV4 => {
    const key = `${profile.provider}\u0000${profile.providerModelId}`;
    let model = languageModels.get(key);
    if (!model) {
      const provider = providers.get(profile.provider);
      if (!provider)
        throw new ConclaveError('config', `Model ${profile.id} names unknown provider ${profile.provider}.`);
      model =
        provider.kind === 'embedded'
          ? embeddedEngine().languageModel(profile.providerModelId, profile.id)
          : createLanguageModel({ provider, providerModelId: profile.providerModelId, fetch: options.fetch });
      languageModels.set(key, model);
    }
    return model;
  };

  function embeddedEngine(): EmbeddedEngine {
    embedded ??= createEmbeddedEngine({
      modelsDir,
      threads: config.local.threads ?? Math.max(1, Math.floor(os.availableParallelism() / 2)),
      contextSize: config.local.contextSize,
      memoryBudgetBytes:
        config.local.memoryBudget === undefined ? undefined : parseByteSize(config.local.memoryBudget),
      pressureThreshold: config.local.pressureThreshold,
      gpuLayers: config.local.gpuLayers,
    });
    return embedded;
  }

  async function embeddedOnly(): Promise<DiscoverySnapshot['embedded']> {
    return (
      await discoverAll({
        config: { ...config, discovery: { ...config.discovery, ollama: false, localServers: false } },
        providers: new Map(),
        modelsDir,
      })
    ).embedded;
  }

  async function ensureDemoModelFile(profile: ModelProfile): Promise<void> {
    if (profile.provider !== 'embedded' || profile.providerModelId !== 'conclave-demo.gguf') return;
    const { ensureDemoModel } = await import('./local/demo-model.js');
    const file = await ensureDemoModel(modelsDir);
    profiles = profiles.map((candidate) =>
      candidate.id === profile.id ? { ...candidate, providerModelId: file } : candidate,
    );
    index = byId();
  }

  const limiter = createModelRateLimiter((model) => {
    const modelConfig = config.models.find((entry) => entry.id === model.id);
    if (modelConfig?.rpm || modelConfig?.tpm)
      return { key: `model:${model.id}`, limits: { rpm: modelConfig.rpm, tpm: modelConfig.tpm } };
    const provider = providers.get(model.provider);
    if (provider?.rpm || provider?.tpm)
      return { key: `provider:${provider.name}`, limits: { rpm: provider.rpm, tpm: provider.tpm } };
    return undefined;
  });

  const executorDependencies = () => ({
    limiter,
    profile: (id: string) => index.get(id),
    languageModelFor,
    timeouts: config.timeouts,
    retry: config.retry,
    breakers,
    health,
    retryBudget,
  });

  function route(request: ChatRequest): RoutingDecision {
    return router.decide(request);
  }

  function stream(input: ChatRequest): ChatStream {
    let request = input;
    const id = `chatcmpl-${randomBytes(12).toString('base64url')}`;
    const startedAt = Date.now();
    const routed = route(request);
    const guarded = guardRequest(request, routed, (modelId) => index.get(modelId), config.privacy);
    const { decision } = guarded;
    request = guarded.request;
    let resolveResult!: (result: ChatResult) => void;
    let rejectResult!: (error: unknown) => void;
    const result = new Promise<ChatResult>((resolve, reject) => {
      resolveResult = resolve;
      rejectResult = reject;
    });
    result.catch(() => undefined);
    let settled = false;
    async function* parts(): AsyncGenerator<ChatStreamPart> {
      yield { type: 'conclave-decision', decision };
      try {
        for (const target of decision.targets) {
          const profile = index.get(target);
          if (profile) await ensureDemoModelFile(profile);
        }
        const generator = executeStream(executorDependencies(), {
          request,
          decision,
          largerContextModels: (minimum, exclude) => largerContext(minimum, exclude),
        });
        let step = await generator.next();
        while (!step.done) {
          yield step.value;
          step = await generator.next();
        }
        const outcome: ExecutionOutcome = step.value;
        const labels = warningLabels(
          decision.taskClass,
          promptText(request.prompt).lastUser,
          outcome.profile,
        );
        const chatResult = toChatResult(id, decision, outcome, [...guarded.warnings, ...labels]);
        requestLog.append(successRecord(request, chatResult, startedAt, guarded.loggablePrompt));
        settled = true;
        resolveResult(chatResult);
      } catch (error) {
        const conclaveError =
          error instanceof ConclaveError
            ? error
            : new ConclaveError('internal', String(error), { cause: error });
        requestLog.append(
          failureRecord(id, request, decision, conclaveError, startedAt, guarded.loggablePrompt),
        );
        settled = true;
        rejectResult(conclaveError);
        throw conclaveError;
      } finally {
        if (!settled) {
          // The consumer stopped reading (client disconnected): the executor was aborted; record it as cancelled.
          const cancelled = new ConclaveError(
            'cancelled',
            'The client stopped reading the stream before it finished.',
          );
          requestLog.append(
            failureRecord(id, request, decision, cancelled, startedAt, guarded.loggablePrompt),
          );
          rejectResult(cancelled);
        }
      }
    }
    return { id, decision, parts: parts(), result };
  }

  async function generate(request: ChatRequest): Promise<ChatResult> {
    const running = stream(request);
    for await (const _part of running.parts) {
      // Drain: the executor runs as the parts are pulled.
    }
    return running.result;
  }

  /** Routes `values` to an embedding-capable model (local first) and records the call. */
  async function embed({ model, values, dimensions, consent, apiKeyId, signal }: EmbedRequest) {
    const id = `embd-${randomBytes(12).toString('base64url')}`;
    const startedAt = Date.now();
    const request: ChatRequest = {
      model,
      prompt: [{ role: 'user', content: [{ type: 'text', text: values.join('\n') }] }],
      options: {},
      routing: { taskClass: 'embedding', expectedOutputTokens: 0 },
      consent,
      apiKeyId,
    };
    const decision = router.decide(request, { wantsEmbedding: true });
    const guarded = guardRequest(request, decision, (modelId) => index.get(modelId), config.privacy);
    try {
      const outcome = await executeEmbedding(
        {
          ...executorDependencies(),
          embeddingModelFor: (profile) => {
            const provider = providers.get(profile.provider);
            if (!provider) throw new ConclaveError('config', `Unknown provider ${profile.provider}.`);
            return createEmbeddingModel({
              provider,
              providerModelId: profile.providerModelId,
              fetch: options.fetch,
            });
          },
        },
        {
          values: guarded.request === request ? values : values.map((value) => redactSecrets(value)),
          dimensions,
          decision: guarded.decision,
          signal,
        },
      );
      const cost = (outcome.tokens * outcome.profile.price.inputPerMTok) / 1_000_000;
      requestLog.append({
        id,
        createdAt: startedAt,
        kind: 'embedding',
        apiKeyId,
        modelRequested: model,
        model: outcome.profile.id,
        provider: outcome.profile.provider,
        location: outcome.profile.location,
        taskClass: 'embedding',
        routeReason: decision.reason,
        status: 'ok',
        inputTokens: outcome.tokens,
        outputTokens: 0,
        costUsd: cost,
        latencyMs: outcome.latencyMs,
        fallbacks: outcome.fallbacks,
        attempts: [],
      });
      return { id, ...outcome, costUsd: cost, decision: guarded.decision };
    } catch (error) {
      const conclaveError =
        error instanceof ConclaveError ? error : new ConclaveError('internal', String(error));
      requestLog.append({
        id,
        createdAt: startedAt,
        kind: 'embedding',
        apiKeyId,
        modelRequested: model,
        status: 'error',
        errorKind: conclaveError.kind,
        errorMessage: conclaveError.message,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        attempts: [],
      });
      throw conclaveError;
    }
  }

  function largerContext(minimumContextWindow: number, exclude: ReadonlySet<string>): string[] {
    return profiles
      .filter(
        (profile) =>
          profile.available && profile.contextWindow >= minimumContextWindow && !exclude.has(profile.id),
      )
      .filter((profile) => profile.location === 'local' || config.privacy.allowExternal)
      .sort((left, right) => left.contextWindow - right.contextWindow)
      .slice(0, 3)
      .map((profile) => profile.id);
  }

  return {
    config,
    configFile: loaded.file,
    warnings: loaded.warnings,
    providers,
    get discovery() {
      return discovery;
    },
    catalog: (): readonly ModelProfile[] => profiles,
    route,
    stream,
    generate,
    embed,
    /** Virtual models added by orchestration presets (council/…, ensemble/…, pipeline/…). */
    virtualModels: (): { id: string; description: string }[] => [],
    requestLog,
    breakers,
    health,
    database,
    async refreshDiscovery(): Promise<void> {
      discovery = await discoverAll({ config, providers, modelsDir, fetch: options.fetch });
      profiles = resolveCatalog(config, providers, discovery);
      index = byId();
    },
    modelsDir,
    async close(): Promise<void> {
      requestLog.flush();
      await embedded?.close();
      database.close();
    },
  };
}

export type Engine = Awaited<ReturnType<typeof createEngine>>;
