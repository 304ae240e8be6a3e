export * from './ecs-exec-calls';
export * from './exec-target';
export * from './session-plugin';
