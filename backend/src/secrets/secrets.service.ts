import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.types.js';
import { decryptSecret, encryptSecret } from './secret-box.js';
import { loadOrCreateKeyFile } from './secret-key.js';

/** Encrypts provider credentials and other secrets before they are stored; the key never leaves this service. */
@Injectable()
export class SecretsService {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // loadConfig refuses DATABASE_URL without a key, so only the embedded mode reaches the key file.
    this.key = config.secrets.key ?? loadOrCreateKeyFile(config.dataDir);
  }

  seal(plaintext: string, aad = ''): string {
    return encryptSecret(plaintext, this.key, aad);
  }

  open(sealed: string, aad = ''): string {
    return decryptSecret(sealed, this.key, aad);
  }
}
