import os from 'node:os';
import path from 'node:path';
import type { ConclaveConfig } from './config-schema.js';

/** Where Conclave keeps its store and models: CONCLAVE_HOME, else ~/.conclave. */
export function conclaveHome(environment: NodeJS.ProcessEnv = process.env): string {
  return environment.CONCLAVE_HOME
    ? path.resolve(environment.CONCLAVE_HOME)
    : path.join(os.homedir(), '.conclave');
}

export function storePath(config: ConclaveConfig, environment: NodeJS.ProcessEnv = process.env): string {
  return config.store.path
    ? expandHome(config.store.path)
    : path.join(conclaveHome(environment), 'conclave.db');
}

export function modelsDirectory(
  config: ConclaveConfig,
  environment: NodeJS.ProcessEnv = process.env,
): string {
  return config.local.modelsDir
    ? expandHome(config.local.modelsDir)
    : path.join(conclaveHome(environment), 'models');
}

function expandHome(file: string): string {
  return file.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : path.resolve(file);
}
