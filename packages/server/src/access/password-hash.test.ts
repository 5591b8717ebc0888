import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';

describe('password hashes', () => {
  it('verify the password they were made from and nothing else', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salt every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same words'), hashPassword('same words')]);
    expect(a).not.toBe(b);
  });

  it('refuse hashes they cannot read instead of throwing', async () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$1$2$3',
      'pbkdf2:sha256:1$a$b',
      'scrypt$99999999$8$1$AA==$AA==',
    ]) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
  });
});
