export * from './log-calls';
export * from './log-event';
export * from './log-source';
export * from './logs-error';
export * from './logs-target';
export * from './read-logs';
export * from './since';
