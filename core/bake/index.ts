export * from './alarm-read';
export * from './watch-alarm';
