import type { ChatStreamPart } from '../../core/chat-request.js';

export type CouncilStage = 'council' | 'answer' | 'review' | 'synthesis' | 'budget';

/** A `conclave-progress` part: a human sentence plus structured data (`data.event` names what happened). */
export function progress(
  stage: CouncilStage,
  detail: string,
  data: { event: string } & Record<string, unknown>,
): ChatStreamPart {
  return { type: 'conclave-progress', stage: `council:${stage}`, detail, data };
}
