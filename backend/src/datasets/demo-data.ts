import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { GradersService } from '../graders/graders.service.js';
import { jsonlRecords } from './core/parsers.js';
import type { DatasetsService } from './datasets.service.js';

const FLAG = 'demo.datasets.seeded';

/** Graders that fit the bundled datasets, created with them. */
const DEMO_GRADERS = [
  { name: 'numeric-answer', type: 'numeric', config: { absTolerance: 0.01 }, description: 'For arithmetic-word-problems' },
  { name: 'capital-exact', type: 'exact_match', config: { normalize: { stripPunctuation: true } }, description: 'For capital-cities' },
  { name: 'sentiment-label', type: 'one_of', config: { labels: ['positive', 'negative', 'neutral'] }, description: 'For sentiment' },
  { name: 'json-valid', type: 'json_valid', config: { requireObject: true }, description: 'For json-extraction' },
  {
    name: 'support-rubric',
    type: 'llm_judge',
    config: { model: 'sim/sim-large', template: 'rubric' },
    description: 'For support-replies (a simulated judge in the demo)',
  },
];

/**
 * The embedded quick start's demo data: every bundled `datasets/*.jsonl` as a dataset, and graders that
 * fit them. Done once per data folder (a flag in `settings`), so deleting them is not undone on restart.
 */
export async function seedDemoDatasets(dir: string, db: DataSource, datasets: DatasetsService, graders: GradersService): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const [flag] = (await db.query('SELECT 1 FROM settings WHERE key = $1', [FLAG])) as unknown[];
  if (flag) return [];
  const loaded: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const name = file.replace(/\.jsonl$/, '');
    const dataset = await datasets.create(name, 'Bundled with Switchyard (datasets/README.md)').catch(() => undefined);
    if (!dataset) continue;
    await datasets.importInto(dataset, jsonlRecords(createReadStream(join(dir, file))), { format: 'jsonl', source: 'bundled', skipInvalid: false });
    loaded.push(name);
  }
  for (const g of DEMO_GRADERS) await graders.create(g.name, { type: g.type, config: g.config }, g.description).catch(() => undefined);
  await db.query(`INSERT INTO settings (key, value) VALUES ($1, 'true') ON CONFLICT (key) DO NOTHING`, [FLAG]);
  return loaded;
}
