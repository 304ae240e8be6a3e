import type { AssemblyStack, TemplateResource } from '../assembly-model';
import { asList, asObject, asString, pathOf, type JsonValue } from '../json-value';
import type { RuleFinding } from '../rule';
import { parseArn, textOf } from '../template-values';
import { isOwnAccount, ownResourceToken } from './own-account';

/** A property that sends data somewhere, by resource type: what it does, and the destinations it names. */
interface Destinations {
  readonly sends: string;
  readonly of: (properties: Record<string, JsonValue>) => JsonValue[];
}

const each = (value: JsonValue | undefined) => asList(value).map(asObject);

/**
 * The resources that copy, stream or deliver an environment's data to a destination they name. The tool sends a
 * protected environment's data nowhere outside its account (its DR copies go to another region of the same account).
 */
const DESTINATIONS: Readonly<Record<string, Destinations>> = {
  'AWS::Backup::BackupPlan': {
    sends: 'copies recovery points to',
    of: (p) =>
      each(pathOf(p.BackupPlan, 'BackupPlanRule')).flatMap((rule) =>
        each(rule?.CopyActions).flatMap((copy) => copy?.DestinationBackupVaultArn ?? []),
      ),
  },
  'AWS::Logs::SubscriptionFilter': { sends: 'streams log events to', of: (p) => [p.DestinationArn ?? null] },
  'AWS::Events::Rule': { sends: 'sends events to', of: (p) => each(p.Targets).flatMap((t) => t?.Arn ?? []) },
  'AWS::EC2::FlowLog': {
    sends: 'writes flow logs to',
    of: (p) => (p.LogDestination === undefined ? [] : [p.LogDestination]),
  },
  'AWS::S3::Bucket': {
    sends: 'replicates objects to',
    of: (p) =>
      each(pathOf(p.ReplicationConfiguration, 'Rules')).flatMap((rule) => {
        const destination = asObject(rule?.Destination);
        return [destination?.Bucket ?? null, ...(destination?.Account === undefined ? [] : [destination.Account])];
      }),
  },
  'AWS::ECR::ReplicationConfiguration': {
    sends: 'replicates images to',
    of: (p) =>
      each(pathOf(p.ReplicationConfiguration, 'Rules')).flatMap((rule) =>
        each(rule?.Destinations).map((d) => d?.RegistryId ?? null),
      ),
  },
  'AWS::SNS::Subscription': {
    sends: 'delivers messages to',
    // E-mail goes to the notification addresses the configuration names; any other endpoint is an ARN or a URL.
    of: (p) => (asString(p.Protocol) === 'email' || asString(p.Protocol) === 'email-json' ? [] : [p.Endpoint ?? null]),
  },
  'AWS::CloudTrail::Trail': { sends: 'writes its trail to', of: (p) => [p.S3BucketName ?? null] },
  'AWS::KinesisFirehose::DeliveryStream': { sends: 'delivers records', of: () => [null] },
};

/**
 * Every resource of a protected environment's stack that sends data to a destination outside the stack's own account:
 * a backup copy, a log subscription, an event target, a flow log, a bucket or image replication, a topic
 * subscription, a trail. A destination counts as the account's own when it is a resource of this template, or an ARN
 * (or account id) naming the account; a bucket or a URL, which names no account, only as a resource of the template.
 */
export function dataSentOut(stack: AssemblyStack): RuleFinding[] {
  return Object.entries(stack.template.Resources).flatMap(([logicalId, resource]: [string, TemplateResource]) => {
    const destinations = DESTINATIONS[resource.Type];
    if (destinations === undefined) return [];
    return destinations
      .of(resource.Properties ?? {})
      .filter((destination) => !ownDestination(destination, stack))
      .map((destination) => ({
        severity: 'error' as const,
        stack,
        logicalId,
        resource,
        message:
          `'${logicalId}' (${resource.Type}) ${destinations.sends} ${destination === null ? 'a destination this check cannot read' : `'${textOf(destination)}'`}, ` +
          "outside this environment's account: a protected environment sends its data nowhere else; remove it",
      }));
  });
}

function ownDestination(value: JsonValue, stack: AssemblyStack): boolean {
  if (value === null) return false;
  const own = (account: string) => isOwnAccount(account, stack.environment.account);
  const text = textOf(value);
  if (/^\$\{[^}]*\}$/.test(text)) return ownResourceToken(text, stack) !== undefined;
  if (/^\d{12}$/.test(text)) return own(text);
  const arn = parseArn(text);
  // An S3 ARN or a URL names no account: only a resource of this template is known to be the account's own.
  return arn !== undefined && arn.account !== '' && own(arn.account);
}
