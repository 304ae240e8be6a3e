export * from './content-type';
export * from './invalidation-paths';
export * from './plan-publish';
export * from './publish-plan-error';
export * from './release-manifest';
export * from './retention';
export * from './runtime-config';
