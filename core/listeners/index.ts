export * from './elb-calls';
export * from './forward-targets';
export * from './listeners-error';
export * from './primary-target-group';
export * from './repoint-listeners';
