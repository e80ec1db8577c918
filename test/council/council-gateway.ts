import OpenAI from 'openai';
import { orchestrationContextOf } from '../../src/cli/commands/council.js';
import type { ConclaveConfigInput } from '../../src/config/config-schema.js';
import type { ChatRequest, ChatResult } from '../../src/core/chat-request.js';
import type { Engine } from '../../src/engine.js';
import { createCouncilVirtualModel } from '../../src/orchestration/council/council-virtual-model.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { type FakeModel, type GatewayHarness, startGateway } from '../helpers/gateway-harness.js';

/**
 * The shared gateway harness, serving `council/<preset>` models. When the engine already dispatches virtual
 * models to their handlers (its `virtualModels()` lists the council presets) it is used as is; otherwise the
 * engine is wrapped so `council/…` requests reach the council handler, exactly as the engine's own dispatch does.
 */
export async function startCouncilGateway({
  models,
  config,
}: {
  models: FakeModel[];
  config?: ConclaveConfigInput;
}): Promise<GatewayHarness & { native: boolean }> {
  const harness = await startGateway({ models, config, start: false });
  const native = harness.engine.virtualModels().some((model) => model.id.startsWith('council/'));
  const engine = native ? harness.engine : withCouncilDispatch(harness.engine);
  const server: RunningServer = await startServer({ engine, port: 0 });
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
  return {
    ...harness,
    native,
    server,
    client,
    async close() {
      await server.close(1_000);
      await harness.close();
    },
  };
}

function withCouncilDispatch(engine: Engine): Engine {
  const handler = createCouncilVirtualModel(orchestrationContextOf(engine));
  const stream = (request: ChatRequest) =>
    request.model?.startsWith('council/')
      ? handler.stream(request, request.model.slice('council/'.length))
      : engine.stream(request);
  const generate = async (request: ChatRequest): Promise<ChatResult> => {
    const running = stream(request);
    for await (const _part of running.parts) {
      // drain
    }
    return running.result;
  };
  const overrides: Record<string | symbol, unknown> = {
    stream,
    generate,
    virtualModels: () => [...engine.virtualModels(), ...handler.list()],
  };
  return new Proxy(engine, {
    get: (target, key, receiver) => (key in overrides ? overrides[key] : Reflect.get(target, key, receiver)),
  });
}
