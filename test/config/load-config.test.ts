import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { ConclaveError } from '../../src/core/conclave-error.js';

function configError(text: string, file = 'conclave.yaml', environment: NodeJS.ProcessEnv = {}): string {
  try {
    parseConfigText(text, `/project/${file}`, environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConclaveError);
    expect((error as ConclaveError).kind).toBe('config');
    return (error as ConclaveError).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('config validation', () => {
  it('reports every problem on its own line with file, key path, expected and found', () => {
    const message = configError(`
models:
  - id: a
    provider: groq
    providerModelId: x
  - id: b
  - id: c
  - id: d
    price: { inputPerMTok: cheap, outputPerMTok: -1 }
routing:
  objective: fastest
privacy:
  allow_external: true
`);
    const lines = message.split('\n').slice(1);
    expect(lines).toEqual([
      '  conclave.yaml: models[3].price.inputPerMTok: expected a number, found "cheap"',
      '  conclave.yaml: models[3].price.outputPerMTok: expected a value >= 0, found -1',
      '  conclave.yaml: routing.objective: expected one of "quality", "cost", "speed", "balanced", found "fastest"',
      '  conclave.yaml: privacy: unknown key "allow_external" (did you mean "allowExternal"?)',
    ]);
    expect(message).toContain('/project/conclave.yaml');
  });

  it('reports a syntax error with the file name instead of a stack trace', () => {
    expect(configError('providers: [unclosed', 'conclave.yaml')).toMatch(
      /^conclave\.yaml: cannot parse the file/,
    );
    expect(configError('{"providers": ', 'conclave.json')).toMatch(/^conclave\.json: cannot parse the file/);
  });

  it('reads TOML and JSON as well as YAML', () => {
    const toml = parseConfigText(
      '[privacy]\nallowExternal = true\n[defaults]\ncode = "codestral"\n',
      '/p/conclave.toml',
      {},
    );
    expect(toml.config.privacy.allowExternal).toBe(true);
    expect(toml.config.defaults.code).toBe('codestral');
    const json = parseConfigText('{"server": {"port": 9999}}', '/p/conclave.json', {});
    expect(json.config.server.port).toBe(9999);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the test is about literal ${VAR} references.
  it('interpolates ${VAR} and ${VAR:-default}, and warns about literal API keys', () => {
    const loaded = parseConfigText(
      `providers:
  groq: { apiKey: "\${GROQ_KEY}" }
  mistral: { apiKey: "sk-literal-secret-123" }
  local: { type: openai-compatible, baseURL: "\${LOCAL_URL:-http://127.0.0.1:9000/v1}" }
`,
      '/p/conclave.yaml',
      { GROQ_KEY: 'gsk_from_env' },
    );
    expect(loaded.config.providers.groq?.apiKey).toBe('gsk_from_env');
    expect(loaded.config.providers.local?.baseURL).toBe('http://127.0.0.1:9000/v1');
    expect(loaded.warnings).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the warning suggests a literal ${VAR} reference.
      'conclave.yaml: providers.mistral.apiKey is a literal secret; write ${MISTRAL_API_KEY} and set the variable instead.',
    ]);
  });

  it('applies defaults for every section when the file is empty', () => {
    const { config } = parseConfigText('', '/p/conclave.yaml', {});
    expect(config.privacy.allowExternal).toBe(false);
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.routing.objective).toBe('balanced');
  });
});
