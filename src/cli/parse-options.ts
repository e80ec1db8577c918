import { InvalidArgumentError } from 'commander';
import { OBJECTIVES, type Objective } from '../core/chat-request.js';

export function parseObjective(value: string): Objective {
  if ((OBJECTIVES as readonly string[]).includes(value)) return value as Objective;
  throw new InvalidArgumentError(`expected one of ${OBJECTIVES.join(', ')}.`);
}

export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (Number.isInteger(parsed) && parsed > 0) return parsed;
  throw new InvalidArgumentError('expected a positive whole number.');
}

export function parseTemperature(value: string): number {
  const parsed = Number(value);
  if (Number.isFinite(parsed) && parsed >= 0 && parsed <= 2) return parsed;
  throw new InvalidArgumentError('expected a number between 0 and 2.');
}

export function parseNonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (Number.isFinite(parsed) && parsed >= 0) return parsed;
  throw new InvalidArgumentError('expected a number ≥ 0.');
}

export function parsePort(value: string): number {
  const parsed = Number(value);
  if (Number.isInteger(parsed) && parsed >= 0 && parsed <= 65_535) return parsed;
  throw new InvalidArgumentError('expected a port number between 0 and 65535.');
}
