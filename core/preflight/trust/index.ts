export * from './judge-trust';
export * from './release-principals';
export * from './release-stack-principals';
