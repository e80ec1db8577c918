import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import type { ChatRequest } from '../../src/core/chat-request.js';
import type { ModelProfile } from '../../src/core/model-profile.js';
import { createRouter } from '../../src/routing/create-router.js';
import { testProfile } from '../helpers/scripted-stream.js';

const model = testProfile;

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  prompt: [{ role: 'user', content: [{ type: 'text', text }] }],
  options: {},
  ...extra,
});

function routerWith(models: ModelProfile[], config: Record<string, unknown> = {}) {
  return createRouter({ config: configSchema.parse(config), profiles: () => models });
}

describe('classification signals', () => {
  const { classify } = routerWith([]);
  const classOf = (text: string, extra: Partial<Parameters<typeof classify>[0]> = {}) =>
    classify({ lastUser: text, hasImage: false, hasTools: false, ...extra });

  it.each([
    ['Please debug this function, it throws', 'code', 'keyword: debug'],
    ['```python\nprint(1)\n```', 'code', 'code fence'],
    ['Solve the equation 3x + 2 = 11', 'math', 'keyword: solve'],
    ['What is \\int_0^1 x^2 dx?', 'math', 'math notation'],
    ['Write a poem about the sea', 'creative', 'keyword: write'],
    ['Compare the pros and cons of Rust and Go', 'analysis', 'keyword: compare'],
    [
      'Give me a comprehensive, detailed overview of the causes of the first world war and its consequences',
      'deep',
      'keyword: comprehensive',
    ],
    ['hi there', 'quick', 'short prompt'],
  ])('%s → %s', (text, taskClass, signal) => {
    const result = classOf(text);
    expect(result.taskClass).toBe(taskClass);
    expect(result.signals).toContain(signal);
  });

  it('tools and images are structural signals', () => {
    expect(classOf('what now', { hasTools: true }).taskClass).toBe('tool-use');
    expect(classOf('what is in this picture', { hasImage: true }).taskClass).toBe('vision');
    expect(classOf('anything', { wantsEmbedding: true }).taskClass).toBe('embedding');
  });

  it('a specialist signal outranks urgency cues, and urgency/complexity/creativity are reported', () => {
    const result = classOf('Quickly debug this simple function, urgent!');
    expect(result.taskClass).toBe('code');
    expect(result.urgent).toBe(true);
    expect(result.complexity).toBe('simple');
    expect(classOf('a creative, innovative name for a bakery').creative).toBe(true);
  });

  it('config keywords replace the defaults for their class', () => {
    const custom = routerWith([], { routing: { keywords: { code: ['kubernetes'] } } });
    expect(
      custom.classify({ lastUser: 'fix my kubernetes yaml', hasImage: false, hasTools: false }).taskClass,
    ).toBe('code');
    expect(
      custom.classify({ lastUser: 'please debug it', hasImage: false, hasTools: false }).taskClass,
    ).not.toBe('code');
  });

  it('confidence is higher with more agreeing signals', () => {
    expect(classOf('```js\nfunction f() { return 1; }\n``` debug this code').confidence).toBeGreaterThan(
      classOf('some code').confidence,
    );
  });
});

describe('constraints, each with its exclusion reason', () => {
  const base = [model('ok', { quality: { general: 0.6, code: 0.6 } })];
  const reasonFor = (candidate: ModelProfile, request: ChatRequest, config: Record<string, unknown> = {}) =>
    routerWith([...base, candidate], config)
      .decide(request)
      .excluded.find((entry) => entry.model === candidate.id)?.because;

  it.each<[string, ModelProfile, ChatRequest, Record<string, unknown>, string]>([
    [
      'unavailable',
      model('x', { available: false, unavailableReason: 'set GROQ_API_KEY' }),
      ask('hi'),
      {},
      'not available (set GROQ_API_KEY)',
    ],
    [
      'context window',
      model('x', { contextWindow: 1_000 }),
      ask('hi', { options: { maxOutputTokens: 2_000 } }),
      {},
      'context window 1,000 tokens < ',
    ],
    [
      'tools',
      model('x', { supports: { ...model('y').supports, tools: false } }),
      ask('hi', { options: { tools: [{ type: 'function', name: 'f', inputSchema: {} }] } }),
      {},
      'does not support tool calls',
    ],
    [
      'json',
      model('x', { supports: { ...model('y').supports, json: false } }),
      ask('hi', { options: { responseFormat: { type: 'json' } } }),
      {},
      'has no JSON mode',
    ],
    [
      'privacy',
      model('x', { location: 'external' }),
      ask('hi'),
      {},
      'external (cloud) model; privacy.allowExternal is off and the request did not consent',
    ],
    [
      'local only',
      model('x', { location: 'external' }),
      ask('hi', { consent: true, routing: { localOnly: true } }),
      {},
      'external (cloud) model; the request asked to stay local',
    ],
    [
      'cost cap',
      model('x', { price: { inputPerMTok: 1_000, outputPerMTok: 1_000 } }),
      ask('hi', { routing: { maxCostUsd: 0.01 } }),
      {},
      'exceeds the $0.0100 cap',
    ],
    [
      'latency class',
      model('x', { latency: { class: 'deliberate', ttftMs: 3_000 } }),
      ask('hi', { routing: { maxLatencyClass: 'fast' } }),
      {},
      'latency class deliberate is slower than fast',
    ],
    [
      'first-token budget',
      model('x', { latency: { class: 'fast', ttftMs: 900 } }),
      ask('hi', { routing: { firstTokenBudgetMs: 500 } }),
      {},
      'first token in ~900 ms exceeds the 500 ms budget',
    ],
    [
      'quality floor',
      model('x', { quality: { general: 0.3, quick: 0.3 } }),
      ask('hi', { routing: { minQuality: 0.5 } }),
      {},
      'quality 0.30 for quick is below the 0.5 floor',
    ],
    [
      'license',
      model('x', { license: 'restricted' }),
      ask('hi', { routing: { licenses: ['permissive'] } }),
      {},
      'license tier restricted is not allowed (allowed: permissive)',
    ],
    ['deny list', model('x'), ask('hi', { routing: { deny: ['x'] } }), {}, 'in the deny list'],
    ['allow list', model('x'), ask('hi', { routing: { allow: ['ok'] } }), {}, 'not in the allow list'],
  ])('%s', (_name, candidate, request, config, reason) => {
    expect(reasonFor(candidate, request, config)).toContain(reason);
  });
});

describe('objectives', () => {
  const models = [
    model('premium', {
      location: 'local',
      quality: { general: 0.92 },
      price: { inputPerMTok: 10, outputPerMTok: 30 },
      latency: { class: 'standard', ttftMs: 1_000, tokensPerSec: 40 },
    }),
    model('budget', {
      quality: { general: 0.85 },
      price: { inputPerMTok: 0.1, outputPerMTok: 0.2 },
      latency: { class: 'standard', ttftMs: 1_200, tokensPerSec: 30 },
    }),
    model('sprinter', {
      quality: { general: 0.82 },
      price: { inputPerMTok: 1, outputPerMTok: 1 },
      latency: { class: 'instant', ttftMs: 50, tokensPerSec: 400 },
    }),
  ];
  const router = routerWith(models);
  const primary = (objective: 'quality' | 'cost' | 'speed' | 'balanced') =>
    router.decide(ask('tell me about tides', { routing: { objective } })).targets[0];

  it('quality → the best model; cost → the cheapest near the best; speed → the fastest near the best', () => {
    expect(primary('quality')).toBe('premium');
    expect(primary('cost')).toBe('budget');
    expect(primary('speed')).toBe('sprinter');
  });

  it('balanced trades quality per dollar', () => {
    expect(primary('balanced')).toBe('budget');
  });

  it('model "auto:cost" selects the objective', () => {
    expect(router.decide(ask('tell me about tides', { model: 'auto:cost' })).objective).toBe('cost');
  });

  it('task-class defaults and fallback chains come from config', () => {
    const configured = routerWith(
      [...models, model('coder', { quality: { code: 0.5 }, specialist: 'code' })],
      {
        defaults: { code: 'coder', deep: 'premium', general: 'budget' },
        fallbacks: { code: ['deep', 'general'] },
      },
    );
    const decision = configured.decide(ask('please debug this function'));
    expect(decision.targets.slice(0, 3)).toEqual(['coder', 'premium', 'budget']);
    expect(decision.specialist).toBe(true);
    expect(decision.reason).toContain('configured default for code');
  });

  it('a pinned session gets its model and no fallbacks unless allowed', () => {
    const pinned = createRouter({
      config: configSchema.parse({ fallbacks: { sprinter: ['budget'] } }),
      profiles: () => models,
      pinFor: (session) =>
        session === 's1'
          ? { model: 'sprinter', allowFallbacks: false }
          : session === 's2'
            ? { model: 'sprinter', allowFallbacks: true }
            : undefined,
    });
    expect(pinned.decide(ask('x', { sessionId: 's1' })).targets).toEqual(['sprinter']);
    expect(pinned.decide(ask('x', { sessionId: 's2' })).targets).toEqual(['sprinter', 'budget']);
    expect(pinned.decide(ask('x', { sessionId: 's3' })).pinned).toBe(false);
  });

  it('no eligible model is a clear error naming why', () => {
    const cloudOnly = routerWith([model('c', { location: 'external' })]);
    expect(() => cloudOnly.decide(ask('hi'))).toThrow(
      /No model can serve this quick request \(external \(cloud\) model/,
    );
  });
});
