import type { Hono } from 'hono';
import type { AppEnv, AppOptions } from '../create-app.js';

/** `POST /v1/feedback` (learning loop). */
export function registerFeedbackRoute(_app: Hono<AppEnv>, _options: AppOptions): void {}
