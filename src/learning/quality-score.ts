export interface QualitySignals {
  /** A judge's score, ensemble agreement, or the model's prior quality, in 0..1. */
  base: number;
  /** Several models gave the same answer. */
  modelsAgreed?: boolean;
  /** User feedback normalised to 0..1 (thumbs up = 1, down = 0). */
  feedback?: number;
}

export const AGREEMENT_BONUS = 0.1;
export const FEEDBACK_BONUS = 0.1;

/**
 * The brief's collection criteria as one number: the base score, a bonus when models agreed, a bonus for
 * positive feedback — and negative feedback pulls the score down to it.
 */
export function qualityScore({ base, modelsAgreed, feedback }: QualitySignals): number {
  let score = base + (modelsAgreed ? AGREEMENT_BONUS : 0);
  if (feedback !== undefined)
    score = feedback >= 0.5 ? score + FEEDBACK_BONUS * feedback : Math.min(score, feedback);
  return Math.max(0, Math.min(1, Math.round(score * 1000) / 1000));
}
