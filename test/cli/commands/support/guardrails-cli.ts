import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../../../support/aws-json-server';
import { type Run, useInProcessCli } from '../../../support/in-process-cli';
import { EXAMPLE_GUARDRAILS, SHIPPED_CONFIG } from '../../../core/guardrails/fixtures';

export type { Run } from '../../../support/in-process-cli';

/**
 * Runs `bluegreen guardrails` in-process through main() with the real SSM client, in a fresh working
 * directory holding the shipped pipeline.config.yaml and guardrails.example.yaml. The SDK reads
 * process.env, not the CLI context, so each test's endpoint goes there and is restored after.
 */
export function useGuardrailsCli() {
  let server: AwsJsonServer | undefined;
  const pointSdkAt = (url: string) => Object.assign(process.env, localAwsEnv('SSM', url));
  const cli = useInProcessCli('guardrails', (work) => {
    copyFileSync(SHIPPED_CONFIG, join(work, 'pipeline.config.yaml'));
    copyFileSync(EXAMPLE_GUARDRAILS, join(work, 'guardrails.example.yaml'));
    delete process.env.PIPELINE_CONFIG;
    // A test that should never reach SSM can only ever reach loopback port 1 (refused).
    pointSdkAt('http://127.0.0.1:1');
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  return {
    work: cli.work,

    /** Writes `text` to `name` in the working directory and returns the name. */
    file(name: string, text: string): string {
      writeFileSync(join(cli.work(), name), text);
      return name;
    },

    /** Starts a local SSM answering GetParameter (and `others`, e.g. PutParameter) and points the SDK at it. */
    async fakeSsm(handler: OperationHandler, others: Record<string, OperationHandler> = {}): Promise<AwsJsonServer> {
      server = await AwsJsonServer.start({ ...others, GetParameter: handler });
      pointSdkAt(server.url);
      return server;
    },

    /** Removes every credential source the SDK could find. */
    withoutCredentials(): void {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      delete process.env.AWS_SESSION_TOKEN;
      delete process.env.AWS_PROFILE;
      delete process.env.AWS_WEB_IDENTITY_TOKEN_FILE;
      delete process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
      delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    },

    guardrails: (args: string[]): Promise<Run> => cli.run(['guardrails', ...args]),
  };
}

/** A GetParameter answer holding `value`. */
export function parameterAnswer(name: string, value: string, version = 3) {
  return { body: { Parameter: { Name: name, Type: 'String', Value: value, Version: version } } };
}
