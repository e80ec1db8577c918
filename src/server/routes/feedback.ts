import type { Hono } from 'hono';
import { feedbackInputSchema, normalizeFeedback } from '../../learning/feedback/feedback-input.js';
import { submitFeedback } from '../../learning/feedback/submit-feedback.js';
import type { AppEnv, AppOptions } from '../create-app.js';
import { readJsonBody } from '../read-json-body.js';

/**
 * `POST /v1/feedback` (learning loop): thumbs, score, rating, comment or demonstration on any recorded request
 * or council/ensemble/pipeline run. Unknown ids are a 404; the answer's new quality comes back.
 */
export function registerFeedbackRoute(app: Hono<AppEnv>, { engine, maxBodyBytes }: AppOptions): void {
  app.post('/v1/feedback', async (context) => {
    const body = await readJsonBody(context, feedbackInputSchema, maxBodyBytes);
    const result = submitFeedback(engine, normalizeFeedback(body));
    return context.json(
      {
        object: 'feedback',
        id: result.feedbackId,
        target: result.target,
        quality: result.quality,
        evidence: result.evidence,
        collected: result.collected,
        example_ids: result.exampleIds,
        ...(result.demonstration
          ? {
              demonstration: {
                example_id: result.demonstration.exampleId ?? null,
                preference_pair_id: result.demonstration.preferencePairId ?? null,
                ...(result.demonstration.note ? { note: result.demonstration.note } : {}),
              },
            }
          : {}),
      },
      201,
    );
  });
}
