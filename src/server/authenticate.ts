import type { MiddlewareHandler } from 'hono';
import { ConclaveError } from '../core/conclave-error.js';
import type { ApiKeyStore } from '../store/api-keys.js';
import type { AppEnv } from './create-app.js';

/**
 * Bearer auth: with no keys and no admin key configured the gateway is open (it then binds loopback only);
 * otherwise every request needs a valid key, and admin routes need the admin key or an admin-flagged key.
 */
export function authenticate({
  keys,
  adminKey,
  requireAdmin = false,
}: {
  keys: ApiKeyStore;
  adminKey?: string;
  requireAdmin?: boolean;
}): MiddlewareHandler<AppEnv> {
  return async (context, next) => {
    const open = keys.count() === 0 && !adminKey;
    const header = context.req.header('authorization') ?? '';
    const token = header.replace(/^Bearer\s+/i, '').trim() || context.req.header('x-api-key') || '';
    if (open) {
      context.set('apiKey', undefined);
      context.set('admin', true);
      return next();
    }
    if (!token) {
      throw new ConclaveError('auth', 'Missing API key.', {
        hint: 'Send "Authorization: Bearer <key>" (create one with `conclave keys create`).',
      });
    }
    const isAdminKey = adminKey !== undefined && token === adminKey;
    const record = isAdminKey ? undefined : keys.verify(token);
    if (!isAdminKey && !record)
      throw new ConclaveError('auth', 'Invalid or revoked API key.', {
        hint: 'Check the key, or create one with `conclave keys create`.',
      });
    const admin = isAdminKey || record?.admin === true;
    if (requireAdmin && !admin) throw new ConclaveError('forbidden', 'This route needs the admin key.');
    context.set('apiKey', record);
    context.set('admin', admin);
    return next();
  };
}
