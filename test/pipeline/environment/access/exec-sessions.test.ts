import { Match, type Template } from 'aws-cdk-lib/assertions';
import { configWith } from '../../../support/configs';
import { synthesized } from '../../../support/synthesized';

/** The shipped configuration with ECS Exec on in staging only. */
const { environments } = synthesized(
  configWith((raw) => {
    const staging = (raw.environments as Record<string, unknown>[]).find((e) => e.name === 'staging');
    if (staging) staging.exec = true;
  }),
);

const servicesOf = (template: Template) => Object.values(template.findResources('AWS::ECS::Service'));

describe('exec: true on an environment', () => {
  test("turns on execute command on that environment's services only", () => {
    expect(servicesOf(environments.staging).map((s) => s.Properties.EnableExecuteCommand)).toEqual([true]);
    expect(servicesOf(environments.prod).map((s) => s.Properties.EnableExecuteCommand)).toEqual([false]);
  });

  test('logs every session to an encrypted log group and encrypts the session with a rotated key', () => {
    environments.staging.hasResourceProperties('AWS::ECS::Cluster', {
      Configuration: {
        ExecuteCommandConfiguration: {
          KmsKeyId: Match.anyValue(),
          Logging: 'OVERRIDE',
          LogConfiguration: { CloudWatchEncryptionEnabled: true, CloudWatchLogGroupName: Match.anyValue() },
        },
      },
    });
    const groups = Object.values(environments.staging.findResources('AWS::Logs::LogGroup'));
    expect(groups.every((g) => g.Properties.KmsKeyId !== undefined)).toBe(true);
    environments.prod.hasResourceProperties('AWS::ECS::Cluster', { Configuration: Match.absent() });
  });

  test('grants the task role the SSM message channels ECS Exec needs, and decryption with the session key', () => {
    const policies = JSON.stringify(environments.staging.findResources('AWS::IAM::Policy'));
    for (const action of [
      'ssmmessages:CreateControlChannel',
      'ssmmessages:CreateDataChannel',
      'ssmmessages:OpenControlChannel',
      'ssmmessages:OpenDataChannel',
    ]) {
      expect(policies).toContain(action);
    }
    expect(JSON.stringify(environments.prod.findResources('AWS::IAM::Policy'))).not.toContain('ssmmessages:');
  });
});
