import path from 'node:path';
import OpenAI from 'openai';
import { type ConclaveConfigInput, configSchema } from '../../src/config/config-schema.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import { createTempHome } from './temp-home.js';

export interface FakeModel {
  id: string;
  contextWindow?: number;
  prefill?: boolean;
  quality?: number;
  price?: { inputPerMTok: number; outputPerMTok: number };
  rpm?: number;
}

export interface GatewayHarness {
  fake: FakeUpstream;
  engine: Engine;
  server: RunningServer;
  client: OpenAI;
  storeFile: string;
  close(): Promise<void>;
}

/**
 * A gateway wired to one loopback fake upstream that plays every model (an OpenAI-compatible provider
 * marked local, so no consent is needed), with short timeouts so fault tests run fast.
 */
export async function startGateway({
  models,
  config = {},
  start = true,
}: {
  models: FakeModel[];
  config?: ConclaveConfigInput;
  start?: boolean;
}): Promise<GatewayHarness> {
  const fake = await startFakeUpstream();
  const home = createTempHome('conclave-gateway-');
  const storeFile = path.join(home.path, 'conclave.db');
  const parsed = configSchema.parse({
    ...config,
    providers: {
      fake: { type: 'openai-compatible', baseURL: `${fake.url}/v1`, location: 'local' },
      ...config.providers,
    },
    models: [
      ...models.map((model) => ({
        id: model.id,
        provider: 'fake',
        providerModelId: model.id,
        contextWindow: model.contextWindow ?? 16_384,
        price: model.price ?? { inputPerMTok: 1, outputPerMTok: 2 },
        quality: { general: model.quality ?? 0.7, quick: model.quality ?? 0.7, code: model.quality ?? 0.7 },
        supports: { prefill: model.prefill ?? true, tools: true, json: true, streaming: true },
        rpm: model.rpm,
      })),
      ...(config.models ?? []),
    ],
    timeouts: {
      firstTokenMs: 1_500,
      stallMs: 1_000,
      attemptMs: 10_000,
      deadlineMs: 15_000,
      ...config.timeouts,
    },
    retry: { baseDelayMs: 20, maxDelayMs: 200, ...config.retry },
    local: { demoModel: false, ...config.local },
    discovery: { ollama: false, localServers: false },
  });
  const engine = await createEngine({
    config: parsed,
    discover: false,
    storeFile,
    environment: { CONCLAVE_HOME: home.path },
    random: () => 0.5,
  });
  const server = start ? await startServer({ engine, port: 0 }) : (undefined as unknown as RunningServer);
  const client = new OpenAI({ baseURL: `${server?.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
  return {
    fake,
    engine,
    server,
    client,
    storeFile,
    async close() {
      await server?.close(1_000);
      await engine.close();
      await fake.close();
      home.cleanup();
    },
  };
}
