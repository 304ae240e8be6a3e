import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { contextFor } from '../../cli/context';
import { main } from '../../cli/main';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../support/aws-json-server';
import { DIGEST, REPOSITORY } from './fixtures';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const SHIPPED_CONFIG = join(__dirname, '..', '..', 'pipeline.config.yaml');
/** Poll every 10 ms so tests that wait through several reads stay fast. */
export const FAST = ['--poll-seconds', '0.01'];
export const IMAGE_ARGS = ['--repository', REPOSITORY, '--digest', DIGEST];

/**
 * Runs `bluegreen scan-gate` in-process through main() with the real ECR client. The SDK reads
 * process.env, not the CLI context, so each test sets the endpoint there and gets it restored after.
 */
export function useScanGateCli() {
  let work = '';
  let server: AwsJsonServer | undefined;
  let savedEnv: NodeJS.ProcessEnv = {};

  const pointSdkAt = (url: string) =>
    Object.assign(process.env, localAwsEnv('ECR', url), {
      AWS_CONFIG_FILE: join(work, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
    });

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'scan-gate-'));
    savedEnv = { ...process.env };
    // Even a test that should stop before calling ECR may only ever reach loopback (port 1: refused).
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

    /** The shipped config with a `scan` section (YAML lines indented by two) added. */
    configWith(scan: string): string {
      const path = join(work, 'pipeline.config.yaml');
      writeFileSync(path, `${readFileSync(SHIPPED_CONFIG, 'utf8')}\nscan:\n${scan}\n`);
      return path;
    },

    /** Starts a local ECR answering DescribeImageScanFindings and points the SDK at it. */
    async fakeEcr(handler: OperationHandler): Promise<AwsJsonServer> {
      server = await AwsJsonServer.start({ DescribeImageScanFindings: handler });
      pointSdkAt(server.url);
      return server;
    },

    async scanGate(args: string[], config = SHIPPED_CONFIG): Promise<Run> {
      let stdout = '';
      let stderr = '';
      const context = contextFor(
        work,
        { ...process.env, PIPELINE_CONFIG: config },
        Readable.from([]),
        (t) => (stdout += t),
        (t) => (stderr += t),
      );
      const code = await main(['scan-gate', ...args], context);
      return { code, stdout, stderr };
    },
  };
}
