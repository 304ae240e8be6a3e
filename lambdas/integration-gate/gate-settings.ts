import { parseTargetUrl } from '../../core/checks';
import { HOOK_ENVIRONMENT } from '../../model/lambda-contracts';

/** What the gate reads from its environment variables. */
export interface GateSettings {
  /** `PROJECT_NAME`: the CodeBuild project that runs the integration suite. */
  readonly projectName: string;
  /** `TARGET_URL`: the test listener's base URL, where green answers before users see it; passed on as written. */
  readonly targetUrl: string;
}

/** CodeBuild's rule for project names. */
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/;

/** `PROJECT_NAME`, or an error naming the variable, the value and what is allowed. */
export function readProjectName(env: Readonly<Record<string, string | undefined>>): string {
  const name = env[HOOK_ENVIRONMENT.projectName];
  if (name === undefined || !PROJECT_NAME.test(name)) {
    throw new Error(
      `PROJECT_NAME must be a CodeBuild project name (2-255 of A-Z a-z 0-9 _ -, starting with a letter or digit) ` +
        `(got ${name === undefined ? 'nothing' : JSON.stringify(name)})`,
    );
  }
  return name;
}

/** Both settings; throws with a message naming the variable when one is missing or invalid. */
export function readGateSettings(env: Readonly<Record<string, string | undefined>>): GateSettings {
  const projectName = readProjectName(env);
  const targetUrl = env[HOOK_ENVIRONMENT.targetUrl];
  parseTargetUrl(targetUrl, HOOK_ENVIRONMENT.targetUrl);
  return { projectName, targetUrl: (targetUrl as string).trim() };
}
