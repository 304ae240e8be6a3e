import type { JsonObject } from '../../../../core/preflight/json-value';
import { efsMountTargetZones } from '../../../../core/preflight/rules/efs-mount-target-zones';
import { assemblyOf, ref, resource, runRule, stack } from '../harness';

const subnet = (zone: string) => resource('AWS::EC2::Subnet', { AvailabilityZone: zone, VpcId: ref('Vpc') });
const mountTarget = (subnetId: string) =>
  resource('AWS::EFS::MountTarget', { FileSystemId: ref('Files'), SubnetId: ref(subnetId), SecurityGroups: [] });
const network = (subnets: string[]) => ({ AwsvpcConfiguration: { Subnets: subnets.map(ref) } });

/** Subnets A (eu-west-1a) and B (eu-west-1b); a file system with mount targets in `mountedIn`; a task definition mounting it. */
const check = (mountedIn: string[], runners: Record<string, ReturnType<typeof resource>>) =>
  runRule(
    efsMountTargetZones,
    assemblyOf(
      stack('env', {
        resources: {
          SubnetA: subnet('eu-west-1a'),
          SubnetB: subnet('eu-west-1b'),
          Files: resource('AWS::EFS::FileSystem', { Encrypted: true }),
          ...Object.fromEntries(mountedIn.map((s) => [`Mount${s}`, mountTarget(s)])),
          Task: resource('AWS::ECS::TaskDefinition', {
            Family: 'shop-prod-web',
            Volumes: [{ Name: 'uploads', EFSVolumeConfiguration: { FilesystemId: ref('Files') } }],
          }),
          ...runners,
        },
      }),
    ),
  );

const service = (properties: JsonObject) =>
  resource('AWS::ECS::Service', { ServiceName: 'shop-prod-web', ...properties }, 'prod/Service/web');
const schedule = (subnets: string[]) =>
  resource('AWS::Scheduler::Schedule', {
    ScheduleExpression: 'rate(1 day)',
    Target: {
      Arn: 'cluster',
      RoleArn: 'role',
      EcsParameters: {
        TaskDefinitionArn: 'arn:aws:ecs:eu-west-1:222222222222:task-definition/shop-prod-web',
        NetworkConfiguration: network(subnets),
      },
    },
  });

describe('efs-mount-target-zones', () => {
  test('compliant: a service (by family name, as CODE_DEPLOY services are written) in zones with mount targets', () => {
    const web = service({ TaskDefinition: 'shop-prod-web', NetworkConfiguration: network(['SubnetA', 'SubnetB']) });
    expect(check(['SubnetA', 'SubnetB'], { Web: web })).toEqual([]);
  });

  test('non-compliant: a service (by Ref) in a zone without a mount target is an error naming the zone', () => {
    const web = service({ TaskDefinition: ref('Task'), NetworkConfiguration: network(['SubnetA', 'SubnetB']) });
    const findings = check(['SubnetA'], { Web: web });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', logicalId: 'Web' })]);
    expect(findings[0].message).toBe(
      'service shop-prod-web runs shop-prod-web, which mounts file system Files, in eu-west-1b, but it has mount ' +
        'targets only in eu-west-1a: add a mount target in each subnet zone the tasks use',
    );
  });

  test('non-compliant: a schedule that runs the family without a revision, with no mount target at all', () => {
    const findings = check([], { Nightly: schedule(['SubnetA']) });
    expect(findings.map((f) => f.logicalId)).toEqual(['Nightly']);
    expect(findings[0].message).toContain('it has no mount target');
  });

  test('compliant: runners of another task definition are not judged', () => {
    const other = service({ TaskDefinition: 'shop-prod-api', NetworkConfiguration: network(['SubnetB']) });
    expect(check(['SubnetA'], { Api: other })).toEqual([]);
  });
});
