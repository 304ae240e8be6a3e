import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import { dataSentOut } from '../../../../core/preflight/trust/data-destinations';
import { resource, stack } from '../harness';

const PROD = '333333333333';
const OTHER = '444444444444';
const sentOut = (resources: Record<string, TemplateResource>) =>
  dataSentOut(stack('app-prod-service', { account: PROD, resources })).map((f) => `${f.logicalId}: ${f.message}`);

const backupCopyTo = (vault: string) =>
  resource('AWS::Backup::BackupPlan', {
    BackupPlan: {
      BackupPlanName: 'p',
      BackupPlanRule: [{ RuleName: 'daily', CopyActions: [{ DestinationBackupVaultArn: vault }] }],
    },
  });

describe('dataSentOut admits what stays in the account', () => {
  test.each<[string, Record<string, TemplateResource>]>([
    [
      'a DR copy to another region of the same account',
      { Plan: backupCopyTo(`arn:aws:backup:eu-central-1:${PROD}:backup-vault:dr`) },
    ],
    [
      'a DR copy named with the AccountId pseudo parameter',
      {
        Plan: backupCopyTo({
          'Fn::Sub': 'arn:${AWS::Partition}:backup:eu-central-1:${AWS::AccountId}:backup-vault:dr',
        } as never),
      },
    ],
    [
      'an event rule whose target is a function of the template',
      {
        Fn: resource('AWS::Lambda::Function', {}),
        Rule: resource('AWS::Events::Rule', { Targets: [{ Id: 't', Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] } }] }),
      },
    ],
    [
      'an e-mail subscription of a notification topic',
      { Sub: resource('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: 't' }) },
    ],
    [
      'flow logs to a log group of the template',
      {
        Group: resource('AWS::Logs::LogGroup', {}),
        Flow: resource('AWS::EC2::FlowLog', { LogDestination: { 'Fn::GetAtt': ['Group', 'Arn'] } }),
      },
    ],
  ])('%s', (_case, resources) => {
    expect(sentOut(resources)).toEqual([]);
  });
});

describe('dataSentOut refuses what leaves the account, naming the resource and the destination', () => {
  test.each<[string, TemplateResource, string]>([
    [
      'a backup copy to another account',
      backupCopyTo(`arn:aws:backup:eu-west-1:${OTHER}:backup-vault:x`),
      'copies recovery points to',
    ],
    [
      'a log subscription to another account',
      resource('AWS::Logs::SubscriptionFilter', {
        LogGroupName: 'g',
        FilterPattern: '',
        DestinationArn: `arn:aws:logs:eu-west-1:${OTHER}:destination:d`,
      }),
      'streams log events to',
    ],
    [
      "an event rule targeting another account's bus",
      resource('AWS::Events::Rule', {
        Targets: [{ Id: 't', Arn: `arn:aws:events:eu-west-1:${OTHER}:event-bus/default` }],
      }),
      'sends events to',
    ],
    [
      'a bucket replicating to a bucket named only by its ARN (S3 ARNs name no account)',
      resource('AWS::S3::Bucket', {
        ReplicationConfiguration: {
          Role: 'r',
          Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::exfil' } }],
        },
      }),
      "replicates objects to 'arn:aws:s3:::exfil'",
    ],
    [
      'image replication to another registry',
      resource('AWS::ECR::ReplicationConfiguration', {
        ReplicationConfiguration: { Rules: [{ Destinations: [{ Region: 'eu-west-1', RegistryId: OTHER }] }] },
      }),
      `replicates images to '${OTHER}'`,
    ],
    [
      'an HTTPS subscription of a topic',
      resource('AWS::SNS::Subscription', {
        Protocol: 'https',
        Endpoint: 'https://exfil.example.com/hook',
        TopicArn: 't',
      }),
      "delivers messages to 'https://exfil.example.com/hook'",
    ],
    [
      'a Firehose delivery stream',
      resource('AWS::KinesisFirehose::DeliveryStream', {}),
      'delivers records a destination this check cannot read',
    ],
  ])('%s', (_case, sending, what) => {
    const found = sentOut({ Sending: sending });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`Sending: 'Sending' (${sending.Type}) ${what}`);
    expect(found[0]).toContain(
      "outside this environment's account: a protected environment sends its data nowhere else",
    );
  });
});
