import { CfnOutput } from 'aws-cdk-lib';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PipelineConfig, ServiceConfig } from '../../../model/config';
import { serviceGates } from '../../../model/config/release-gates';
import { serviceNames, type EnvironmentNames } from '../../../model/naming';
import type { EnvironmentData } from '../data/environment-data';
import { DNS_RECORD_NOTICE, DNS_RECORD_OUTPUT, dnsRecordRequired } from '../domain/dns-record-notice';
import type { BlueGreenTraffic } from '../load-balancing/application-load-balancer';
import { loadBalancerOf } from '../load-balancing/load-balancer-of';
import type { Network } from '../network';
import type { BuiltService } from '../storage/storage-and-jobs';
import { addressVariable, usedFirst } from './service-addresses';
import type { ServiceImage } from './service-task-definition';
import { WebServiceResources } from './web-service';
import { WorkerServiceResources } from './worker-service';

/** The stack outputs of one service that the pipeline's steps read. */
export interface ServiceOutputs {
  /** The task definition revision this deployment registered; render and the release task use exactly it. */
  readonly taskDefinitionArn: CfnOutput;
  /** A web service's production URL. */
  readonly productionUrl?: CfnOutput;
  /** Where the release task runs: the service's own subnets and security group (so it reaches what the service does). */
  readonly release?: { readonly subnets: CfnOutput; readonly securityGroups: CfnOutput };
}

export interface EnvironmentServicesProps {
  /** The whole configuration: its services, in the order they are built. */
  readonly config: PipelineConfig;
  /** The environment as its domain, when it has one, applies to it. */
  readonly environment: EnvironmentConfig;
  /** The environment's physical names (model/naming.ts). */
  readonly names: EnvironmentNames;
  /** Each service's image, by service name. */
  readonly images: Readonly<Record<string, ServiceImage>>;
  /** The VPC, subnets and security groups the services run in. */
  readonly network: Network;
  /** The cluster every service of the environment runs on. */
  readonly cluster: ecs.ICluster;
  /** The data tier, when the environment has a database or a cache. @default - none: no data access */
  readonly data?: EnvironmentData;
  /** The CodeDeploy application each web service's deployment group belongs to. */
  readonly codeDeployApplication: codedeploy.IEcsApplication;
  /** How traffic shifts in this environment (canary, linear or all at once). */
  readonly deploymentConfig: codedeploy.IEcsDeploymentConfig;
  /** Where the integration suite's code comes from, when configured. @default - none: no suite */
  readonly suiteSource?: codebuild.ISource;
  /** Where the services' alarms notify. */
  readonly alarmTopic: sns.ITopic;
  /** Whether a ServiceDomain serves the web services (then no DNS record notice is output). */
  readonly hasDomain: boolean;
  /** The key the environment's log groups are encrypted with. */
  readonly logKey: kms.IKey;
  /** How long the environment's log groups keep their events. */
  readonly logRetention: logs.RetentionDays;
}

/** Every service of an environment, built, with what the rest of the environment and the pipeline need of them. */
export interface EnvironmentServices {
  readonly webServices: WebServiceResources[];
  readonly workers: WorkerServiceResources[];
  readonly outputs: Record<string, ServiceOutputs>;
  readonly taskDefinitions: Record<string, ecs.TaskDefinition>;
  readonly webTraffic: Record<string, BlueGreenTraffic>;
  readonly workerServices: Record<string, ecs.FargateService>;
  /** As storage and jobs need them. */
  readonly built: BuiltService[];
}

/**
 * Builds every service in `scope` (web services blue/green, workers rolling) with its stack outputs. Services are
 * built in `scope` itself, not in a construct of their own, so their logical ids stay what they always were.
 */
export function buildEnvironmentServices(scope: Construct, props: EnvironmentServicesProps): EnvironmentServices {
  const { config, environment, network, cluster, data, logKey, logRetention } = props;
  const built: EnvironmentServices = {
    webServices: [],
    workers: [],
    outputs: {},
    taskDefinitions: {},
    webTraffic: {},
    workerServices: {},
    built: [],
  };
  const { webServices, workers, outputs, taskDefinitions, webTraffic, workerServices } = built;
  const urls = new Map<string, string>();
  // A service that uses another gets its address, so the used one is built first.
  for (const service of usedFirst(config.services)) {
    const names = serviceNames(config.application, environment, service);
    const image = props.images[service.name];
    if (!image)
      throw new Error(`no image for service '${service.name}' (images: ${Object.keys(props.images).join(', ')})`);
    const common = {
      application: config.application,
      names,
      environment,
      vpc: network.vpc,
      cluster,
      image,
      serviceEnvironment: {
        ...Object.fromEntries(
          service.uses.filter((used) => urls.has(used)).map((used) => [addressVariable(used), urls.get(used)!]),
        ),
        ...data?.accessFor(service.uses).environment,
      },
      serviceSecrets: { ...data?.accessFor(service.uses).secrets },
      logKey,
      logRetention,
    };
    const id = service.legacyNames ? 'Service' : `Service-${service.name}`;
    const output = (key: string, value: string, description: string) =>
      new CfnOutput(scope, outputId(service, key), { value, description });
    // What every kind of service gives the rest of the environment: its task definition to the pipeline and to
    // storage and jobs, its data access, and the output of the revision this deployment registered.
    const register = (resources: Omit<BuiltService, 'config' | 'taskFamily'>): CfnOutput => {
      const { taskDefinition, securityGroup } = resources;
      taskDefinitions[service.name] = taskDefinition;
      built.built.push({ ...resources, config: service, taskFamily: names.taskFamily });
      data?.grantUse(service.uses, securityGroup, taskDefinition, service.name);
      return output('TaskDefinitionArn', taskDefinition.taskDefinitionArn, 'The revision this deployment registered');
    };
    if (service.kind === 'web') {
      const web = new WebServiceResources(scope, id, {
        ...common,
        service,
        testListenerSources: service.public
          ? [...network.natEgressCidrs, ...environment.operatorCidrs]
          : [network.vpc.vpcCidrBlock, ...environment.operatorCidrs],
        codeDeployApplication: props.codeDeployApplication,
        codeDeployApplicationName: props.names.codeDeployApplication,
        deploymentConfig: props.deploymentConfig,
        gates: serviceGates(config, service),
        suiteSource: props.suiteSource,
        alarmTopic: props.alarmTopic,
      });
      webServices.push(web);
      webTraffic[service.name] = web.traffic;
      const taskDefinitionArn = register({
        taskDefinition: web.taskDefinition.taskDefinition,
        taskRoles: web.taskRoles,
        securityGroup: web.securityGroup,
      });
      urls.set(service.name, web.url);
      outputs[service.name] = {
        taskDefinitionArn,
        productionUrl: output('ProductionUrl', web.url, 'Production listener'),
        release: service.release && {
          subnets: output(
            'ReleaseSubnets',
            network.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds.join(','),
            'Subnets the release task runs in',
          ),
          securityGroups: output('ReleaseSecurityGroups', web.securityGroup.securityGroupId, 'Its security group'),
        },
      };
      output('TestUrl', web.traffic.testUrl, 'Test listener (not reachable from the internet)');
      if (!props.hasDomain && environment.certificateArn && environment.domainName && service.public) {
        const target = loadBalancerOf(web.traffic).loadBalancerDnsName;
        output(DNS_RECORD_OUTPUT, dnsRecordRequired(environment.domainName, target), DNS_RECORD_NOTICE);
      }
      if (web.hook) output('HookFunctionName', web.hook.function.functionName, 'Lifecycle hook on the test listener');
      if (web.smoke) output('SmokeFunctionName', web.smoke.function.functionName, 'Smoke checks after the shift');
    } else {
      const worker = new WorkerServiceResources(scope, id, { ...common, service });
      workers.push(worker);
      workerServices[service.name] = worker.fargateService;
      outputs[service.name] = {
        taskDefinitionArn: register({
          taskDefinition: worker.fargateService.taskDefinition,
          taskRoles: worker.taskRoles,
          securityGroup: worker.securityGroup,
        }),
      };
    }
  }
  return built;
}

/** Output ids: the single `service:` form keeps the ids it always had; listed services prefix theirs. */
function outputId(service: ServiceConfig, key: string): string {
  if (service.legacyNames) return key;
  const pascal = service.name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  return `${pascal}${key}`;
}
