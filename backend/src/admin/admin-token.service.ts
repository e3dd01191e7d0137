import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.types.js';
import { generateAdminToken, hashToken, tokenMatches } from './admin-token.js';
import { Setting } from './setting.entity.js';

const SETTING_KEY = 'admin_token_sha256';

/**
 * Owns the admin credential: SWITCHYARD_ADMIN_TOKEN when set, otherwise a token generated on the first
 * start, stored as a hash, and printed once.
 */
@Injectable()
export class AdminTokenService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminToken');
  private hash: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(Setting) private readonly settings: Repository<Setting>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.admin.token) {
      this.hash = hashToken(this.config.admin.token);
      return;
    }
    const token = generateAdminToken();
    // ON CONFLICT DO NOTHING: when replicas start together exactly one of them creates (and prints) the token.
    const inserted = await this.settings
      .createQueryBuilder()
      .insert()
      .values({ key: SETTING_KEY, value: hashToken(token) })
      .orIgnore()
      .returning(['key'])
      .execute();
    if (inserted.raw.length > 0) {
      this.hash = hashToken(token);
      this.logger.warn(
        `Generated the admin token. It is shown this once; keep it to sign in to the console and call /api: ${token} ` +
          '(set SWITCHYARD_ADMIN_TOKEN to choose your own)',
      );
      return;
    }
    const row = await this.settings.findOneByOrFail({ key: SETTING_KEY });
    this.hash = String(row.value);
  }

  verify(candidate: string | undefined): boolean {
    return !!candidate && !!this.hash && tokenMatches(candidate, this.hash);
  }
}
