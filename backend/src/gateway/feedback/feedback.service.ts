import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Feedback } from './feedback-body.js';

/**
 * Stores the application's feedback on its requests. One value per (request, metric): sending it again
 * replaces it, but only for the key that sent it first. Reports join it to the request log by request id
 * and key, so feedback on another key's request never counts.
 */
@Injectable()
export class FeedbackService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(f: Feedback, keyId: string): Promise<boolean> {
    const rows: unknown = await this.db.query(
      `INSERT INTO feedback (request_id, metric, key_id, value, label, comment) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (request_id, metric) DO UPDATE SET value = EXCLUDED.value, label = EXCLUDED.label, comment = EXCLUDED.comment, at = now()
        WHERE feedback.key_id IS NOT DISTINCT FROM EXCLUDED.key_id
       RETURNING request_id`,
      [f.requestId, f.metric, keyId || null, f.value, f.label, f.comment],
    );
    return Array.isArray(rows) && rows.length > 0;
  }
}
