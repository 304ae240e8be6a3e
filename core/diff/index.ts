export * from './diff-assemblies';
export * from './format-diff';
export * from './judge-change';
export * from './property-paths';
export * from './resource-change';
export * from './update-rules';
