import type { Objective } from './chat-request.js';
import type { TaskClass } from './task-class.js';

export interface ExcludedCandidate {
  model: string;
  because: string;
}

/** Why a request went where it went: the router's answer, readable by a person. */
export interface RoutingDecision {
  taskClass: TaskClass;
  confidence: number;
  objective: Objective;
  /** Primary first, then fallbacks (model ids). */
  targets: string[];
  reason: string;
  excluded: ExcludedCandidate[];
  estimate: { costUsd: number; latencyMs: number; quality: number };
  /** Classifier signals that led to the task class ("code fence", "keyword: debug", …). */
  signals: string[];
  contextTokens: number;
  /** The primary is a specialist for this task class ("getting code expertise…"). */
  specialist: boolean;
  /** The user named or pinned the model; the router did not choose it. */
  pinned: boolean;
  /** Where the quality figures came from: catalog priors, learned outcomes, the evidence file. */
  evidence: string[];
}
