import { createRequire } from 'node:module';

type Packages = {
  openai: typeof import('@ai-sdk/openai');
  anthropic: typeof import('@ai-sdk/anthropic');
  google: typeof import('@ai-sdk/google');
  'openai-compatible': typeof import('@ai-sdk/openai-compatible');
};

const require = createRequire(import.meta.url);
const loaded = new Map<keyof Packages, unknown>();

/**
 * Provider packages are loaded on first use (Node ≥ 22 can `require` ES modules synchronously): a gateway
 * that only talks to OpenAI-compatible upstreams never pays the memory and startup cost of the others.
 */
export function providerPackage<Name extends keyof Packages>(name: Name): Packages[Name] {
  let module = loaded.get(name);
  if (!module) {
    module = require(`@ai-sdk/${name}`);
    loaded.set(name, module);
  }
  return module as Packages[Name];
}
