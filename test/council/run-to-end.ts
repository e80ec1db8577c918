import type { ChatStreamPart } from '../../src/core/chat-request.js';
import type { CouncilRun } from '../../src/orchestration/council/council-run.js';
import type { CouncilInput } from '../../src/orchestration/council/resolve-council.js';
import { startCouncil } from '../../src/orchestration/council/run-council.js';
import type { OrchestrationContext } from '../../src/orchestration/orchestration-context.js';

export interface Progress {
  stage: string;
  detail: string;
  data: { event: string } & Record<string, unknown>;
}

/** Runs a council to the end, collecting every part it streamed. */
export async function runToEnd(
  context: OrchestrationContext,
  input: CouncilInput,
): Promise<{ parts: ChatStreamPart[]; progress: Progress[]; run: CouncilRun; text: string }> {
  const execution = startCouncil(context, input);
  const parts: ChatStreamPart[] = [];
  for await (const part of execution.parts) parts.push(part);
  return { parts, progress: progressOf(parts), run: await execution.run, text: textOf(parts) };
}

export function progressOf(parts: readonly ChatStreamPart[]): Progress[] {
  return parts.flatMap((part) => (part.type === 'conclave-progress' ? [part as Progress] : []));
}

export function textOf(parts: readonly ChatStreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
}
