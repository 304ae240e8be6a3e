import { resolve } from 'node:path';
import {
  bluegreen,
  endpointEnv,
  getDeployment,
  groupInfo,
  LAST_SUCCESS_ID,
} from '../../cli/commands/support/deployments';
import { AwsJsonServer } from '../../support/aws-json-server';

/** A web service with a nightly job (`python manage.py clearsessions`); application 'files'. */
const STORAGE_JOBS = resolve(__dirname, '../../fixtures/storage-jobs.yaml');
const TASK = (id: string) => `arn:aws:ecs:eu-central-1:222222222222:task/files-staging/${id}`;
const epoch = (iso: string) => Date.parse(iso) / 1000;

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('bluegreen status of an app with a scheduled job, against local CodeDeploy and ECS endpoints', () => {
  test("lists the job's runs ECS still knows, newest first, a non-zero exit as FAILED, and leaves out the service's own tasks", async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({ body: groupInfo({ attempted: LAST_SUCCESS_ID, successful: LAST_SUCCESS_ID }) }),
      ListDeployments: () => ({ body: { deployments: [] } }),
      GetDeployment: getDeployment,
      ListDeploymentTargets: () => ({ body: { targetIds: [] } }),
      DescribeServices: () => ({ body: { services: [], failures: [] } }),
      ListTasks: (input) => ({
        body: { taskArns: input.desiredStatus === 'RUNNING' ? [TASK('service1')] : [TASK('run1'), TASK('run2')] },
      }),
      DescribeTasks: () => ({
        body: {
          tasks: [
            { taskArn: TASK('service1'), group: 'service:files-staging-web', lastStatus: 'RUNNING' },
            {
              taskArn: TASK('run1'),
              group: 'job:nightly',
              lastStatus: 'STOPPED',
              startedAt: epoch('2026-12-05T02:00:05Z'),
              stoppedAt: epoch('2026-12-05T02:01:00Z'),
              stoppedReason: 'Essential container in task exited',
              containers: [{ name: 'app', exitCode: 1 }],
            },
            {
              taskArn: TASK('run2'),
              group: 'job:nightly',
              lastStatus: 'STOPPED',
              startedAt: epoch('2026-12-06T02:00:05Z'),
              stoppedAt: epoch('2026-12-06T02:00:40Z'),
              containers: [{ name: 'app', exitCode: 0 }],
            },
          ],
        },
      }),
    });
    const env = { ...endpointEnv(server), AWS_ENDPOINT_URL_ECS: server.url, PIPELINE_CONFIG: STORAGE_JOBS };

    const run = await bluegreen(['status', '-e', 'staging'], env);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const listed = server.calls.filter((c) => c.operation === 'ListTasks').map((c) => c.input);
    expect(listed).toEqual([
      { cluster: 'files-staging', family: 'files-staging-web', desiredStatus: 'RUNNING' },
      { cluster: 'files-staging', family: 'files-staging-web', desiredStatus: 'STOPPED' },
    ]);
    expect(run.stdout).toContain(
      [
        '  nightly  cron(0 3 * * ? *) (Europe/Berlin)',
        '    run2  succeeded  2026-12-06 02:00:05 UTC → 2026-12-06 02:00:40 UTC  exit: app 0',
        '    run1  FAILED  2026-12-05 02:00:05 UTC → 2026-12-05 02:01:00 UTC  exit: app 1  (Essential container in task exited)',
      ].join('\n'),
    );
    expect(run.stdout).not.toContain('service1');
  });
});
