import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { ConclaveError } from '../core/conclave-error.js';
import { type ConclaveConfig, configSchema } from './config-schema.js';
import { formatConfigIssues } from './format-config-issues.js';
import { hasEnvReference, interpolateEnv } from './interpolate-env.js';

export const CONFIG_FILE_NAMES = ['conclave.yaml', 'conclave.yml', 'conclave.toml', 'conclave.json'];

export interface LoadedConfig {
  config: ConclaveConfig;
  /** Absolute path of the file read, or undefined when running on defaults and auto-discovery. */
  file: string | undefined;
  warnings: string[];
}

export interface LoadConfigOptions {
  /** Explicit path (`--config`); otherwise CONCLAVE_CONFIG, then conclave.{yaml,yml,toml,json} in cwd. */
  file?: string;
  cwd?: string;
  environment?: NodeJS.ProcessEnv;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const environment = options.environment ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = findConfigFile(options.file ?? environment.CONCLAVE_CONFIG, cwd);
  if (!file) return { config: configSchema.parse({}), file: undefined, warnings: [] };
  return { ...parseConfigText(readFileSync(file, 'utf8'), file, environment), file };
}

function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit) {
    const resolved = path.resolve(cwd, explicit);
    if (!existsSync(resolved)) {
      throw new ConclaveError('config', `Config file not found: ${resolved}.`, {
        hint: 'Check the path given to --config or CONCLAVE_CONFIG.',
      });
    }
    return resolved;
  }
  return CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate));
}

/** Parses and validates config text; every problem is reported on its own line with its key path. */
export function parseConfigText(
  text: string,
  file: string,
  environment: NodeJS.ProcessEnv = process.env,
): Omit<LoadedConfig, 'file'> {
  const name = path.basename(file);
  const raw = parseBySyntax(text, file, name) ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConclaveError(
      'config',
      `${name}: expected a mapping of sections (providers, models, …) at the top level.`,
    );
  }
  const { value } = interpolateEnv(raw, environment);
  const result = configSchema.safeParse(value, { reportInput: true });
  if (!result.success) {
    const lines = formatConfigIssues(result.error.issues, value).map((line) => `  ${name}: ${line}`);
    throw new ConclaveError('config', `Invalid configuration in ${file}:\n${lines.join('\n')}`);
  }
  return { config: result.data, warnings: literalSecretWarnings(raw, name) };
}

function parseBySyntax(text: string, file: string, name: string): unknown {
  try {
    if (file.endsWith('.toml')) return parseToml(text);
    if (file.endsWith('.json')) return JSON.parse(text);
    return parseYaml(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConclaveError('config', `${name}: cannot parse the file: ${detail}`, { cause: error });
  }
}

function literalSecretWarnings(raw: object, name: string): string[] {
  const providers = (raw as { providers?: unknown }).providers;
  if (!providers || typeof providers !== 'object') return [];
  const warnings: string[] = [];
  for (const [provider, settings] of Object.entries(providers)) {
    const apiKey = (settings as { apiKey?: unknown } | null)?.apiKey;
    if (typeof apiKey === 'string' && apiKey !== '' && !hasEnvReference(apiKey)) {
      warnings.push(
        `${name}: providers.${provider}.apiKey is a literal secret; write \${${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY} and set the variable instead.`,
      );
    }
  }
  return warnings;
}
