// tsx ships these types under package.json "exports", which this project's `moduleResolution: node` does not read.
declare module 'tsx/cjs/api' {
  /** Loads a TypeScript or JavaScript module through tsx, resolved from `fromFile`. */
  export function require(id: string, fromFile: string): unknown;
}
