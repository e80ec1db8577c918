import { z } from 'zod';

/**
 * Feedback on one recorded answer, as `POST /v1/feedback` and `conclave feedback` accept it. `score` is 0..1;
 * `rating` is 1–5 stars (mapped to 0..1); `thumbs` is up (true) or down (false).
 */
export const feedbackInputSchema = z
  .strictObject({
    id: z.string().trim().min(1, 'give the id of a recorded request or run'),
    thumbs: z.union([z.boolean(), z.enum(['up', 'down'])]).optional(),
    score: z.number().min(0).max(1).optional(),
    rating: z.number().int().min(1).max(5).optional(),
    comment: z.string().max(20_000).optional(),
    demonstration: z.string().trim().min(1, 'a demonstration cannot be empty').max(200_000).optional(),
  })
  .refine(
    (input) =>
      input.thumbs !== undefined ||
      input.score !== undefined ||
      input.rating !== undefined ||
      input.comment !== undefined ||
      input.demonstration !== undefined,
    { message: 'give at least one of thumbs, score, rating, comment or demonstration' },
  );

export type FeedbackInput = z.input<typeof feedbackInputSchema>;

export interface NormalizedFeedback {
  id: string;
  thumbs?: boolean;
  /** 0..1 — what the router's outcome evidence and the quality score read. */
  score?: number;
  comment?: string;
  demonstration?: string;
}

export function normalizeFeedback(input: z.output<typeof feedbackInputSchema>): NormalizedFeedback {
  const thumbs = input.thumbs === undefined ? undefined : input.thumbs === true || input.thumbs === 'up';
  const fromRating = input.rating === undefined ? undefined : (input.rating - 1) / 4;
  const fromThumbs = thumbs === undefined ? undefined : thumbs ? 1 : 0;
  return {
    id: input.id,
    thumbs,
    score: input.score ?? fromRating ?? fromThumbs,
    comment: input.comment,
    demonstration: input.demonstration,
  };
}
