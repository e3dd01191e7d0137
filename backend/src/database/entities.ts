import { Setting } from '../admin/setting.entity.js';
import { DatasetEntity, DatasetVersionEntity } from '../datasets/dataset.entity.js';
import { ExperimentEntity } from '../experiments/experiment.entity.js';
import { PromotionEntity } from '../promotion/promotion.entity.js';
import { ApiKey } from '../gateway/keys/api-key.entity.js';
import { GraderEntity } from '../graders/grader.entity.js';
import { CatalogueModel } from '../providers/accounts/catalogue-model.entity.js';
import { ProviderAccountEntity } from '../providers/accounts/provider-account.entity.js';
import { RouteEntity, RouteVersionEntity } from '../routing/route.entity.js';

/** Every TypeORM entity, registered once for both storage modes. */
export const ENTITIES = [
  Setting,
  ProviderAccountEntity,
  CatalogueModel,
  ApiKey,
  RouteEntity,
  RouteVersionEntity,
  DatasetEntity,
  DatasetVersionEntity,
  GraderEntity,
  ExperimentEntity,
  PromotionEntity,
];
