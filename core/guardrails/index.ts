export * from './check';
export * from './compare';
export * from '../../model/guardrails-parameter';
export * from './parameter';
export * from './parse';
export * from './schema';
export * from './violation';
export * from './report';
