export * from './assembly';
export * from './assembly-model';
export * from './format-report';
export * from './rule';
export * from './rules';
export * from './run-preflight';
