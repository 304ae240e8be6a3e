export * from './alarm-read';
export * from './bake-report';
export * from './cloudwatch-alarm-reader';
export * from './watch-alarm';
