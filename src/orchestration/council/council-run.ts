import type { ErrorKind } from '../../core/conclave-error.js';
import type { Usage } from '../../core/usage.js';
import type { StoredMessage } from '../../learning/training-store.js';
import type { RotationDay } from '../../routing/rotation.js';

/** One member of a council: an archetype and the model the day's rotation gave it, with the reason. */
export interface CouncilMember {
  archetype: string;
  title: string;
  focus: string;
  /** The model this member is called on. */
  model: string;
  /** The model the rotation index pointed at (differs when it was skipped). */
  preferred: string;
  /** "rotation day 311 (2025-11-07): preference 3 of 3", plus skips. */
  why: string;
  skipped: { model: string; because: string }[];
}

/** One model call inside a run: who, on which model, how it went, what it cost. */
export interface CouncilCall {
  stage: 'answer' | 'review' | 'synthesis';
  round: number;
  /** Archetype name, or "chairman". */
  member: string;
  /** The model that answered (after any fallback), or the model that was asked when the call failed. */
  model: string;
  requestId?: string;
  ok: boolean;
  error?: { kind: ErrorKind; message: string };
  text: string;
  latencyMs: number;
  usage: Usage;
  costUsd: number;
}

export interface AnswerRound {
  round: number;
  calls: CouncilCall[];
}

export type RankingMethod = 'strict' | 'fallback' | 'unparsed';

/** One reviewer's blind review: which label hid which member, and the ranking it gave. */
export interface CouncilReview {
  reviewer: string;
  model: string;
  /** Label → member archetype, in the order the reviewer saw them ("A" first). */
  labels: Record<string, string>;
  method: RankingMethod;
  /** Parsed ranking as labels, best first (may be partial with the fallback parser). */
  rankingLabels: string[];
  /** The same ranking as member archetypes. */
  ranking: string[];
  call: CouncilCall;
}

export interface AggregateEntry {
  member: string;
  model: string;
  /** Mean position (1 = best) over the reviewers that ranked this member; null when nobody did. */
  averageRank: number | null;
  votes: number;
  firstPlaces: number;
}

export interface ReviewStage {
  reviews: CouncilReview[];
  aggregate: AggregateEntry[];
  /** Share of reviewers (other than the winner) that ranked the aggregate winner first. */
  agreement: number | undefined;
}

export interface SynthesisStage {
  chairman: string;
  why: string;
  call: CouncilCall;
}

export interface CouncilRun {
  id: string;
  status: 'ok' | 'stopped' | 'error';
  /** Preset name when the run came from one (CLI --preset or gateway council/<preset>). */
  preset?: string;
  sessionId?: string;
  question: string;
  /** Earlier turns of the conversation the council continued. */
  history: StoredMessage[];
  day: RotationDay;
  seed: number;
  createdAt: number;
  members: CouncilMember[];
  options: { review: boolean; rounds: number; budget: { maxCostUsd?: number; maxSeconds?: number } };
  rounds: AnswerRound[];
  /** Members dropped because they had no answer (failed in round 1). */
  dropped: { member: string; because: string }[];
  review?: ReviewStage;
  synthesis?: SynthesisStage;
  /** Stages not run, and why (--no-review, budget cap, chairman failure). */
  skipped: { stage: 'debate' | 'review' | 'synthesis'; because: string }[];
  final: { text: string; source: 'chairman' | 'top-ranked' | 'first-answer'; member: string; model: string };
  totals: {
    models: string[];
    calls: number;
    averageLatencyMs: number;
    usage: Usage;
    costUsd: number;
    durationMs: number;
  };
  learning: {
    preferencePairs: string[];
    example?: { collected: boolean; quality: number; id?: string };
  };
  warnings: string[];
  error?: { kind: string; message: string };
}
