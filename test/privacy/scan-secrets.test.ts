import { describe, expect, it } from 'vitest';
import { redactSecrets, scanSecrets } from '../../src/privacy/scan-secrets.js';

const types = (text: string) => scanSecrets(text).map((finding) => finding.type);

describe('secret scanner', () => {
  it.each([
    ['OpenAI API key', 'key: sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345'],
    ['Anthropic API key', 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['Google API key', 'AIzaSyA1234567890abcdefghijklmnopqrstuv'],
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['Slack token', 'xoxb-1234567890-abcdefghij'],
    ['Stripe secret key', 'sk_live_abcdefghijklmnopqrstuvwx'],
    ['Hugging Face token', 'hf_abcdefghijklmnopqrstuvwxyzABCDEF'],
    ['private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'],
    ['bearer token', 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123'],
    ['password in URL', 'postgres://admin:hunter22@db.internal:5432/app'],
    [
      'JSON web token',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
    ['high-entropy token', 'use Zx9Qp2Lr7Tk4Vb8Nm3Hs6Jd1Fg5Wc0Ya for the service'],
  ])('finds a %s', (type, text) => {
    expect(types(text)).toContain(type);
  });

  it('leaves ordinary text, git hashes and UUID-free prose alone', () => {
    expect(scanSecrets('Please refactor this function to use async/await and add tests.')).toEqual([]);
    expect(scanSecrets('commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it')).toEqual([]);
    expect(scanSecrets('The quick brown fox jumps over the lazy dog repeatedly and happily')).toEqual([]);
  });

  it('redacts with the kind of secret and keeps the rest of the text', () => {
    expect(redactSecrets('use sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWx now')).toBe(
      'use [REDACTED Anthropic API key] now',
    );
  });
});
