export * from './elb-calls';
export * from './forward-targets';
export * from './invoke-repoint';
export * from './listeners-error';
export * from './primary-target-group';
export * from './repoint-environment';
export * from './repoint-listeners';
