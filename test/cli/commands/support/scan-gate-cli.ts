import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../../../support/aws-json-server';
import { type Run, useInProcessCli } from '../../../support/in-process-cli';
import { DIGEST, REPOSITORY } from '../../../core/scan-gate/fixtures';

export type { Run } from '../../../support/in-process-cli';

export const SHIPPED_CONFIG = join(__dirname, '..', '..', '..', '..', 'pipeline.config.yaml');
/** Poll every 10 ms so tests that wait through several reads stay fast. */
export const FAST = ['--poll-seconds', '0.01'];
export const IMAGE_ARGS = ['--repository', REPOSITORY, '--digest', DIGEST];

/**
 * Runs `bluegreen scan-gate` in-process through main() with the real ECR client. The SDK reads
 * process.env, not the CLI context, so each test sets the endpoint there and gets it restored after.
 */
export function useScanGateCli() {
  let server: AwsJsonServer | undefined;
  // Even a test that should stop before calling ECR may only ever reach loopback (port 1: refused).
  const cli = useInProcessCli('scan-gate', () => pointSdkAt('http://127.0.0.1:1'));
  const pointSdkAt = (url: string) => Object.assign(process.env, localAwsEnv('ECR', url));
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  return {
    work: cli.work,

    /** The shipped config with a `scan` section (YAML lines indented by two) added. */
    configWith(scan: string): string {
      const path = join(cli.work(), 'pipeline.config.yaml');
      writeFileSync(path, `${readFileSync(SHIPPED_CONFIG, 'utf8')}\nscan:\n${scan}\n`);
      return path;
    },

    /** Starts a local ECR answering DescribeImageScanFindings and points the SDK at it. */
    async fakeEcr(handler: OperationHandler): Promise<AwsJsonServer> {
      server = await AwsJsonServer.start({ DescribeImageScanFindings: handler });
      pointSdkAt(server.url);
      return server;
    },

    scanGate: (args: string[], config = SHIPPED_CONFIG): Promise<Run> =>
      cli.run(['scan-gate', ...args], { PIPELINE_CONFIG: config }),
  };
}
