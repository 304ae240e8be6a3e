import type { RepointTarget } from '../../core/listeners/repoint-environment';
import { REPOINT_ENVIRONMENT, type RepointedService } from '../../model/lambda-contracts';
import { requiredSetting } from '../required-setting';

/** What the function reads from its environment variables: every web service it re-points, nothing else. */
export interface RepointSettings {
  readonly environment: string;
  readonly targets: readonly RepointTarget[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The function's settings from the variables its stack set (model/lambda-contracts.ts) and the region Lambda runs it
 * in; throws one line naming the variable, its value and what is expected when one is missing or malformed.
 */
export function readRepointSettings(env: Env): RepointSettings {
  const environment = requiredSetting(env, REPOINT_ENVIRONMENT.environment);
  const account = requiredSetting(env, REPOINT_ENVIRONMENT.account);
  const application = requiredSetting(env, REPOINT_ENVIRONMENT.application);
  const region = requiredSetting(env, 'AWS_REGION');
  const services = parseServices(env[REPOINT_ENVIRONMENT.services]);
  return {
    environment,
    targets: services.map((s) => ({
      service: s.service,
      ref: { environment, account, region, application, deploymentGroup: s.deploymentGroup },
      expected: { listeners: s.listeners, targetGroups: s.targetGroups },
    })),
  };
}

const SHAPE =
  'a JSON list of { "service", "deploymentGroup", "listeners": [2 ARNs], "targetGroups": [2 names] }, at least one';

function parseServices(raw: string | undefined): RepointedService[] {
  const name = REPOINT_ENVIRONMENT.services;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    throw new Error(`${name} must be ${SHAPE} (got ${raw === undefined ? 'nothing' : JSON.stringify(raw)})`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(isRepointedService)) {
    throw new Error(`${name} must be ${SHAPE} (got ${JSON.stringify(raw)})`);
  }
  return parsed;
}

function isRepointedService(value: unknown): value is RepointedService {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const strings = (list: unknown, count: number) =>
    Array.isArray(list) && list.length === count && list.every((s) => typeof s === 'string' && s !== '');
  return (
    typeof v.service === 'string' &&
    v.service !== '' &&
    typeof v.deploymentGroup === 'string' &&
    v.deploymentGroup !== '' &&
    strings(v.listeners, 2) &&
    strings(v.targetGroups, 2)
  );
}
