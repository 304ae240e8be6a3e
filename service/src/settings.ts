/** What the service reads from its environment; every variable is optional. */
export interface Settings {
  /** `PORT`, default 8080; 0 picks a free port (tests). */
  readonly port: number;
  /** `HOST`, default 0.0.0.0 so the task's ENI and the load balancer reach it. */
  readonly host: string;
  readonly info: ServiceInfo;
}

/** What `/version` answers, so a lifecycle hook can tell green from blue. */
export interface ServiceInfo {
  /** `SERVICE_NAME`, default "sample". */
  readonly service: string;
  /** `APP_VERSION`, default "dev" (the pipeline sets the commit). */
  readonly version: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export const DEFAULT_PORT = 8080;

export function readSettings(env: Environment): Settings {
  return { port: parsePort(env.PORT), host: nonEmpty(env.HOST) ?? '0.0.0.0', info: serviceInfo(env) };
}

export function serviceInfo(env: Environment): ServiceInfo {
  return { service: nonEmpty(env.SERVICE_NAME) ?? 'sample', version: nonEmpty(env.APP_VERSION) ?? 'dev' };
}

function parsePort(value: string | undefined): number {
  if (nonEmpty(value) === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(value ?? '') ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new Error(`PORT must be a whole number from 0 to 65535, got '${value}'`);
  return port;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
