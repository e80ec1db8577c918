import { ConclaveError } from '../core/conclave-error.js';
import type { ApiKeyRecord, ApiKeyStore } from '../store/api-keys.js';

export interface AuthorizeOptions {
  keys: ApiKeyStore;
  adminKey?: string;
  requireAdmin?: boolean;
}

/**
 * Bearer auth: with no keys and no admin key the gateway is open (it then binds loopback only); otherwise
 * every request needs a valid key, and admin routes need the admin key or an admin-flagged key.
 */
export function authorize(
  { keys, adminKey, requireAdmin = false }: AuthorizeOptions,
  authorization: string | undefined,
  xApiKey: string | undefined,
): { apiKey: ApiKeyRecord | undefined; admin: boolean } {
  if (keys.count() === 0 && !adminKey) return { apiKey: undefined, admin: true };
  const token = (authorization ?? '').replace(/^Bearer\s+/i, '').trim() || xApiKey || '';
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
  return { apiKey: record, admin };
}
