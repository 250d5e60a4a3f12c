import argon2 from 'argon2';

/**
 * argon2id password hashes. `memoryKib` is PASSWORD_HASH_MEMORY_KIB: the library's 64 MiB by default, at
 * least OWASP's 19 MiB in production; the test suite uses less so that thousands of sign-ins stay quick.
 * A hash records its own parameters, so hashes made with other costs still verify.
 */
export class PasswordHasher {
  /** A fixed hash to verify against when the account does not exist, so both paths cost the same. */
  private decoyHash?: Promise<string>;

  constructor(private readonly memoryKib: number) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: this.memoryKib });
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    if (!hash) {
      this.decoyHash ??= this.hash('decoy password for unknown accounts');
      await argon2.verify(await this.decoyHash, password);
      return false;
    }
    return argon2.verify(hash, password);
  }
}
