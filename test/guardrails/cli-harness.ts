import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { contextFor } from '../../cli/context';
import { main } from '../../cli/main';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../support/aws-json-server';
import { EXAMPLE_GUARDRAILS, SHIPPED_CONFIG } from './fixtures';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `bluegreen guardrails` in-process through main() with the real SSM client, in a fresh working
 * directory holding the shipped pipeline.config.yaml and guardrails.example.yaml. The SDK reads
 * process.env, not the CLI context, so each test's endpoint goes there and is restored after.
 */
export function useGuardrailsCli() {
  let work = '';
  let server: AwsJsonServer | undefined;
  let savedEnv: NodeJS.ProcessEnv = {};

  const pointSdkAt = (url: string) =>
    Object.assign(process.env, localAwsEnv('SSM', url), {
      AWS_CONFIG_FILE: join(work, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
    });

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'guardrails-'));
    copyFileSync(SHIPPED_CONFIG, join(work, 'pipeline.config.yaml'));
    copyFileSync(EXAMPLE_GUARDRAILS, join(work, 'guardrails.example.yaml'));
    savedEnv = { ...process.env };
    delete process.env.PIPELINE_CONFIG;
    // A test that should never reach SSM can only ever reach loopback port 1 (refused).
    pointSdkAt('http://127.0.0.1:1');
  });
  afterEach(async () => {
    process.env = savedEnv;
    await server?.stop();
    server = undefined;
    rmSync(work, { recursive: true, force: true });
  });

  return {
    work: () => work,

    /** Writes `text` to `name` in the working directory and returns the name. */
    file(name: string, text: string): string {
      writeFileSync(join(work, name), text);
      return name;
    },

    /** Starts a local SSM answering GetParameter and points the SDK at it. */
    async fakeSsm(handler: OperationHandler): Promise<AwsJsonServer> {
      server = await AwsJsonServer.start({ GetParameter: handler });
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

    async guardrails(args: string[]): Promise<Run> {
      let stdout = '';
      let stderr = '';
      const context = contextFor(
        work,
        { ...process.env },
        Readable.from([]),
        (t) => (stdout += t),
        (t) => (stderr += t),
      );
      const code = await main(['guardrails', ...args], context);
      return { code, stdout, stderr };
    },
  };
}

/** A GetParameter answer holding `value`. */
export function parameterAnswer(name: string, value: string, version = 3) {
  return { body: { Parameter: { Name: name, Type: 'String', Value: value, Version: version } } };
}
