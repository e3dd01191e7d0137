import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret } from './secret-box.js';

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trips text, including unicode', () => {
    const sealed = encryptSecret('sk-live-ÄÖ-🔑', key, 'provider:1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('sk-live');
    expect(decryptSecret(sealed, key, 'provider:1')).toBe('sk-live-ÄÖ-🔑');
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('same', key)).not.toBe(encryptSecret('same', key));
  });

  it('refuses a wrong key, a different owner, or a tampered value', () => {
    const sealed = encryptSecret('secret', key, 'provider:1');
    expect(() => decryptSecret(sealed, randomBytes(32), 'provider:1')).toThrow('wrong SWITCHYARD_SECRET_KEY or tampered value');
    expect(() => decryptSecret(sealed, key, 'provider:2')).toThrow('tampered');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x' + Buffer.from(parts[3], 'base64url').toString('latin1'), 'latin1').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), key, 'provider:1')).toThrow('tampered');
  });

  it('rejects values that are not sealed secrets and keys of the wrong size', () => {
    expect(() => decryptSecret('plaintext', key)).toThrow('not a sealed secret');
    expect(() => encryptSecret('x', randomBytes(16))).toThrow('32-byte key');
  });
});
