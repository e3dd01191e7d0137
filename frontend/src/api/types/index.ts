// The admin API's request and response shapes, one file per domain.

export type * from './system';
export type * from './providers';
export type * from './keys';
export type * from './routes';
export type * from './datasets';
export type * from './graders';
export type * from './usage';
export type * from './logs';
export type * from './experiments';
export type * from './reports';
export type * from './promotions';
