import { Init1764000000000 } from './1764000000000-init.js';
import { ProvidersAndKeys1764000001000 } from './1764000001000-providers-and-keys.js';
import { RoutesAndRequestLogs1764100000000 } from './1764100000000-routes-and-request-logs.js';
import { KeyScopesAndLimits1764100001000 } from './1764100001000-key-scopes-and-limits.js';
import { Datasets1764200000000 } from './1764200000000-datasets.js';
import { Graders1764200001000 } from './1764200001000-graders.js';
import { Experiments1764300000000 } from './1764300000000-experiments.js';
import { LiveExperiments1764400000000 } from './1764400000000-live-experiments.js';
import { ExperimentDoneCount1764460000000 } from './1764460000000-experiment-done-count.js';
import { ExperimentReportIndex1764450000000 } from './1764450000000-experiment-report-index.js';
import { RequestLogCache1764475000000 } from './1764475000000-request-log-cache.js';

/** Applied in order at start; each migration is plain SQL valid on PostgreSQL 15+ and PGlite. */
export const MIGRATIONS = [
  Init1764000000000,
  ProvidersAndKeys1764000001000,
  RoutesAndRequestLogs1764100000000,
  KeyScopesAndLimits1764100001000,
  Datasets1764200000000,
  Graders1764200001000,
  Experiments1764300000000,
  LiveExperiments1764400000000,
  ExperimentReportIndex1764450000000,
  ExperimentDoneCount1764460000000,
  RequestLogCache1764475000000,
];
