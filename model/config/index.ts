export * from './schema';
export * from './load';
export * from './backup-schema';
export * from './database-schema';
export * from './cache-schema';
export * from './release-gates';
export * from './build-schema';
export * from './task-definition-overrides';
