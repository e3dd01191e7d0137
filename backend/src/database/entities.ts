import { Setting } from '../admin/setting.entity.js';

/** Every TypeORM entity, registered once for both storage modes. */
export const ENTITIES = [Setting];
