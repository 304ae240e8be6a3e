import { DIGEST, REPOSITORY } from '../../core/scan-gate/fixtures';
import { IMAGE_ARGS, useScanGateCli } from './support/scan-gate-cli';

const { configWith, scanGate } = useScanGateCli();

describe('bluegreen scan-gate usage', () => {
  test.each([
    [['--digest', DIGEST], 'missing required option --repository'],
    [['--repository', REPOSITORY], 'missing required option --digest'],
    [
      ['--repository', REPOSITORY, '--digest', 'sha256:abc'],
      "--digest must be sha256:<64 lower-case hex>, got 'sha256:abc'",
    ],
    [
      ['--repository', '111111111111.dkr.ecr.eu-west-1.amazonaws.com/app', '--digest', DIGEST],
      "--repository takes the repository name, not its URI: for '111111111111.dkr.ecr.eu-west-1.amazonaws.com/app' pass 'app'",
    ],
    [
      ['--repository', 'My_App', '--digest', DIGEST],
      "--repository must be an ECR repository name such as my-app or team/my-app (not a URI), got 'My_App'",
    ],
    [[...IMAGE_ARGS, '--registry-id', '12'], "--registry-id must be a 12-digit AWS account id, got '12'"],
    [
      [...IMAGE_ARGS, '--timeout-seconds', '0'],
      "--timeout-seconds must be a number of seconds above 0 and at most 3600, got '0'",
    ],
    [
      [...IMAGE_ARGS, '--poll-seconds', 'soon'],
      "--poll-seconds must be a number of seconds above 0 and at most 300, got 'soon'",
    ],
    [[...IMAGE_ARGS, '--region', 'Europe'], "--region must be an AWS region such as eu-west-1, got 'Europe'"],
    [[...IMAGE_ARGS, '--fast'], "Unknown option '--fast'"],
  ])('%p exits 2: %s', async (args, message) => {
    const run = await scanGate(args);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  test('a bad scan section in the config exits 2 naming the field', async () => {
    const run = await scanGate(IMAGE_ARGS, configWith('  failOn: [SEVERE]'));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('scan.failOn[0]');
  });

  test('--help prints the options and exits 0', async () => {
    const run = await scanGate(['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--summary-out FILE');
  });
});
