import { describe, expect, it } from 'vitest';
import { checkLocalRequest, localAddresses } from './localRequestGuard';

describe('checkLocalRequest', () => {
  const allowed = localAddresses('127.0.0.1', 8080);

  it('lets local programs through: no Origin and the address they dialled, in any case', () => {
    expect(checkLocalRequest({ host: '127.0.0.1:8080' }, allowed)).toBeNull();
    expect(checkLocalRequest({ host: 'LocalHost:8080' }, allowed)).toBeNull();
    expect(checkLocalRequest({ host: 'localhost:8080', origin: 'http://localhost:8080' }, allowed)).toBeNull();
  });

  it('refuses a rebound DNS name, a missing Host and another port', () => {
    expect(checkLocalRequest({ host: 'attacker.example:8080' }, allowed)?.message).toContain('attacker.example');
    expect(checkLocalRequest({}, allowed)?.status).toBe(403);
    expect(checkLocalRequest({ host: '127.0.0.1:8081' }, allowed)).not.toBeNull();
  });

  it('refuses a browser Origin other than the server\'s own, including "null"', () => {
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1:9999', 'https://127.0.0.1:8080']) {
      expect(checkLocalRequest({ host: '127.0.0.1:8080', origin }, allowed)?.message).toContain(origin);
    }
  });

  it('knows an IPv6 loopback server by its bracketed address', () => {
    const v6 = localAddresses('::1', 9000);
    expect(checkLocalRequest({ host: '[::1]:9000', origin: 'http://[::1]:9000' }, v6)).toBeNull();
  });
});
