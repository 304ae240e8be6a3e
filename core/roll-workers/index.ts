export * from './ecs-rollout-calls';
export * from './judge-rollout';
export * from './roll-workers';
export * from './worker-targets';
