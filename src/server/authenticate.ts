import type { MiddlewareHandler } from 'hono';
import { type AuthorizeOptions, authorize } from './authorize.js';
import type { AppEnv } from './create-app.js';

/** Hono middleware around `authorize`. */
export function authenticate(options: AuthorizeOptions): MiddlewareHandler<AppEnv> {
  return async (context, next) => {
    const { apiKey, admin } = authorize(
      options,
      context.req.header('authorization'),
      context.req.header('x-api-key'),
    );
    context.set('apiKey', apiKey);
    context.set('admin', admin);
    return next();
  };
}
