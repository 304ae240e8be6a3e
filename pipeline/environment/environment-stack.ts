import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  isWebService,
  serviceGates,
  type EnvironmentConfig,
  type PipelineConfig,
  type ServiceConfig,
} from '../../model/config';
import { backupSettingsFor } from '../../model/backups/backup-settings';
import { effectiveCacheFor, effectiveDatabaseFor } from '../../model/config';
import { environmentNames, serviceNames, type EnvironmentNames } from '../../model/naming';
import { acknowledgeGuardRule } from '../policy/acknowledge';
import { logsServicePrincipal, restrictGrantsToAwsServices } from '../policy/key-grants';
import { ExecSessions } from './access/exec-sessions';
import { ListenerRepointRole } from './access/listener-repoint-role';
import { PipelineAccessRoles } from './access/pipeline-access-roles';
import { environmentDeploymentConfig } from './deployment/blue-green-deployment';
import { IntegrationSuiteSource } from './deployment/integration-suite-source';
import { ListenerRepointFunction } from './deployment/listener-repoint-function';
import { DNS_RECORD_NOTICE, DNS_RECORD_OUTPUT, dnsRecordRequired } from './domain/dns-record-notice';
import { ServiceDomain } from './domain/service-domain';
import type { EnvironmentFrontend } from './frontend/environment-frontend';
import { wireFrontendAndDomain } from './frontend/frontend-wiring';
import { deployingAccountOf } from '../../model/release-split';
import { BlueGreenLoadBalancer, type BlueGreenTraffic } from './load-balancing/application-load-balancer';
import { loadBalancerOf } from './load-balancing/load-balancer-of';
import { BlueGreenNetworkLoadBalancer } from './load-balancing/network-load-balancer';
import { EnvironmentData } from './data/environment-data';
import { Network } from './network';
import { AlarmTopic } from './observability/alarm-topic';
import { DeploymentNotifications } from './observability/deployment-notifications';
import { type DashboardService, ServiceDashboard } from './observability/service-dashboard';
import type { ServiceImage } from './services/service-task-definition';
import { WebServiceResources } from './services/web-service';
import { WorkerServiceResources } from './services/worker-service';
import { type BuiltService, StorageAndJobs } from './storage/storage-and-jobs';
import { backupNames } from '../../model/backups/backup-names';

export interface EnvironmentStackProps extends StackProps {
  readonly config: PipelineConfig;
  readonly environment: EnvironmentConfig;
  /** Each service's image (its repository and the commit's tag), by service name. */
  readonly images: Readonly<Record<string, ServiceImage>>;
  /** The frontend's CloudFront certificate from the stage's us-east-1 CertificateStack, when it made one. @default - none made */
  readonly frontendCertificate?: acm.ICertificate;
}

/** The stack outputs of one service that the pipeline's steps read. */
export interface ServiceOutputs {
  /** The task definition revision this deployment registered; render and the release task use exactly it. */
  readonly taskDefinitionArn: CfnOutput;
  /** A web service's production URL. */
  readonly productionUrl?: CfnOutput;
  /** Where the release task runs: the service's own subnets and security group (so it reaches what the service does). */
  readonly release?: { readonly subnets: CfnOutput; readonly securityGroups: CfnOutput };
}

/**
 * One environment of the application: the network, one cluster, every service (web services blue/green behind
 * their own load balancer, workers rolling), the environment's CodeDeploy application, the composite alarm the
 * bake watches, the dashboard, deployment notifications, and the roles the pipeline account uses here.
 */
export class EnvironmentStack extends Stack {
  readonly names: EnvironmentNames;
  readonly serviceOutputs: Readonly<Record<string, ServiceOutputs>>;
  /**
   * Each service's task definition, by service name: where an application's entry point adds what the
   * configuration cannot say (a task role permission, a container setting) with plain CDK.
   */
  readonly taskDefinitions: Readonly<Record<string, ecs.TaskDefinition>>;
  /**
   * Each web service's load balancer traffic (production and test listeners, blue and green target groups), by
   * service name: where an entry point adds, say, a path rule that sends part of a host's requests to a worker
   * (README, "Several services on one host name"). CodeDeploy swaps only the blue and green target groups.
   */
  readonly webTraffic: Readonly<Record<string, BlueGreenTraffic>>;
  /** Each worker's Fargate service, by service name, for an entry point (a load balancer target, say). */
  readonly workerServices: Readonly<Record<string, ecs.FargateService>>;
  /** The first web service's production URL: what the approval shows. */
  readonly productionUrl: CfnOutput;
  /** The bucket the integration suite's source goes into, when `integrationTests` is configured. */
  readonly suiteBucket?: CfnOutput;
  /** The frontend (site, outputs, publisher role), when the configuration has one. */
  readonly frontend?: EnvironmentFrontend;
  private readonly zones: string[];

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Frontends and domains: a domain gives the web services HTTPS on its serviceName (see ServiceDomain).
    const domain = props.environment.domain ? new ServiceDomain(this, 'Domain', props.environment.domain) : undefined;
    const environment = domain ? domain.applyTo(props.environment) : props.environment;
    this.zones = environment.availabilityZones;
    this.names = environmentNames(config.application, environment, config.pipeline.region);
    // The roles here trust the step roles of the pipeline that deploys this environment: the release account's for a
    // protected one, the tools account's for every other.
    const deployingAccount = deployingAccountOf(config, environment);
    // A year: the Control Tower baseline (CT.CLOUDWATCH.PR.2) for logs someone may need after an incident.
    const logRetention = logs.RetentionDays.ONE_YEAR;
    const logKey = this.logKey();

    // Operational alarms (data tier, the integration gate's undelivered events) go to one topic.
    const alarmTopic = new AlarmTopic(this, 'Alarms', { emails: config.notifications.emails }).topic;
    const database = effectiveDatabaseFor(config, environment.name);
    const cache = effectiveCacheFor(config, environment.name);
    const network = new Network(this, 'Network', {
      cidr: environment.vpcCidr,
      availabilityZones: environment.availabilityZones,
      natGateways: environment.natGateways,
      existing: environment.vpc,
      // The data tier lives in subnets without any route to the internet.
      isolatedSubnets: database !== undefined || cache !== undefined,
      logKey,
      logRetention,
    });
    const data =
      database || cache
        ? new EnvironmentData(this, 'Data', {
            application: config.application,
            environment: environment.name,
            vpc: network.vpc,
            isolatedSubnets: network.isolatedSubnets!,
            database,
            cache,
            backup: backupSettingsFor(config, environment.name),
            alarmTopic,
            logKey,
            logRetention,
          })
        : undefined;
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: network.vpc,
      clusterName: this.names.cluster,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
      executeCommandConfiguration: environment.exec
        ? new ExecSessions(this, 'ExecSessions', { logKey, logRetention }).configuration
        : undefined,
    });
    acknowledgeGuardRule(
      cluster,
      'ecs_container_insights_enabled_check',
      "Container Insights is on, at the 'enhanced' level, which this version of the control does not recognise.",
    );
    const codeDeployApplication = new codedeploy.EcsApplication(this, 'CodeDeployApplication', {
      applicationName: this.names.codeDeployApplication,
    });
    const deploymentConfig = environmentDeploymentConfig(this, environment.deployment, this.names);

    const suiteSource = config.integrationTests
      ? new IntegrationSuiteSource(this, 'IntegrationSuiteSource', {
          pipelineAccount: deployingAccount,
          pipelineRegion: config.pipeline.region,
          uploadStepRole: this.names.suiteStepRole,
          uploadRole: this.names.suiteUploadRole,
        })
      : undefined;
    /** Where the pipeline puts the commit's source for the integration suite. */
    this.suiteBucket =
      suiteSource && new CfnOutput(this, 'IntegrationSuiteBucket', { value: suiteSource.bucket.bucketName });
    const webServices: WebServiceResources[] = [];
    const workers: WorkerServiceResources[] = [];
    const urls = new Map<string, string>();
    const outputs: Record<string, ServiceOutputs> = {};
    const taskDefinitions: Record<string, ecs.TaskDefinition> = {};
    const webTraffic: Record<string, BlueGreenTraffic> = {};
    const workerServices: Record<string, ecs.FargateService> = {};
    const built: BuiltService[] = [];
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
        new CfnOutput(this, outputId(service, key), { value, description });
      // What every kind of service gives the rest of the environment: its task definition to the pipeline and to
      // storage and jobs, its data access, and the output of the revision this deployment registered.
      const register = (resources: Omit<BuiltService, 'config' | 'taskFamily'>): CfnOutput => {
        const { taskDefinition, securityGroup } = resources;
        taskDefinitions[service.name] = taskDefinition;
        built.push({ ...resources, config: service, taskFamily: names.taskFamily });
        data?.grantUse(service.uses, securityGroup, taskDefinition.taskRole, service.name);
        return output('TaskDefinitionArn', taskDefinition.taskDefinitionArn, 'The revision this deployment registered');
      };
      if (service.kind === 'web') {
        const web = new WebServiceResources(this, id, {
          ...common,
          service,
          testListenerSources: service.public
            ? [...network.natEgressCidrs, ...environment.operatorCidrs]
            : [network.vpc.vpcCidrBlock, ...environment.operatorCidrs],
          codeDeployApplication,
          codeDeployApplicationName: this.names.codeDeployApplication,
          deploymentConfig,
          gates: serviceGates(config, service),
          suiteSource: suiteSource?.source,
          alarmTopic,
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
        if (!domain && environment.certificateArn && environment.domainName && service.public) {
          const target = loadBalancerOf(web.traffic).loadBalancerDnsName;
          output(DNS_RECORD_OUTPUT, dnsRecordRequired(environment.domainName, target), DNS_RECORD_NOTICE);
        }
        if (web.hook) output('HookFunctionName', web.hook.function.functionName, 'Lifecycle hook on the test listener');
        if (web.smoke) output('SmokeFunctionName', web.smoke.function.functionName, 'Smoke checks after the shift');
      } else {
        const worker = new WorkerServiceResources(this, id, { ...common, service });
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
    this.serviceOutputs = outputs;
    this.taskDefinitions = taskDefinitions;
    this.webTraffic = webTraffic;
    this.workerServices = workerServices;
    new StorageAndJobs(this, 'StorageAndJobs', {
      config,
      vpc: network.vpc,
      cluster,
      services: built,
      backupPlan: data?.backupPlan?.plan,
      backup: backupFor(config, environment.name),
      alarmTopic,
    });
    const webServiceConfigs = config.services.filter(isWebService);
    const firstWeb = webServiceConfigs[0];
    if (!firstWeb) throw new Error('an application needs at least one web service');
    this.productionUrl = outputs[firstWeb.name].productionUrl!;
    // Frontends and domains: the service's alias record and the frontend, after the web services exist.
    this.frontend = wireFrontendAndDomain(this, {
      pipelineAccount: deployingAccount,
      config,
      names: this.names,
      webServices,
      domain,
      frontendCertificate: props.frontendCertificate,
    });

    const alarms = [...webServices.flatMap((w) => w.alarms), ...workers.flatMap((w) => w.alarms)];
    new cloudwatch.CompositeAlarm(this, 'AnyRollbackAlarm', {
      compositeAlarmName: this.names.rollbackAlarm,
      alarmDescription: 'In ALARM while any rollback or deployment alarm of this environment is',
      alarmRule: cloudwatch.AlarmRule.anyOf(...alarms),
    });
    new ServiceDashboard(this, 'Dashboard', {
      dashboardName: this.names.codeDeployApplication,
      clusterName: this.names.cluster,
      services: [
        ...webServices.map((w) => dashboardRow(w.serviceName, w)),
        ...workers.map((w) => ({ name: w.serviceName, service: w.fargateService })),
      ],
      dataWidgets: data?.dashboardWidgets() ?? [],
      alarms,
    });
    new DeploymentNotifications(this, 'Notifications', {
      application: codeDeployApplication,
      emails: config.notifications.emails,
    });
    new PipelineAccessRoles(this, 'PipelineAccess', {
      names: this.names,
      pipelineAccount: deployingAccount,
      pipelineRegion: config.pipeline.region,
      deploymentGroups: webServices.map((w) => w.deployment.deploymentGroup),
      deploymentConfig,
      taskFamilies: config.services
        .filter((s) => s.kind === 'web')
        .map((s) => serviceNames(config.application, environment, s).taskFamily),
      taskRoles: webServices.flatMap((w) => w.taskRoles),
      release: {
        cluster,
        taskFamilies: config.services
          .filter((s) => s.kind === 'web' && s.release)
          .map((s) => serviceNames(config.application, environment, s).taskFamily),
        taskRoles: webServices
          .filter((w) => webServiceConfigs.find((s) => s.name === w.serviceName)?.release)
          .flatMap((w) => w.taskRoles),
      },
      workers: {
        services: workers.map((w) => w.fargateService),
        taskDefinitionArns: workers.map((w) => w.fargateService.taskDefinition.taskDefinitionArn),
      },
    });
    if (webServices.length > 0) {
      const repoint = new ListenerRepointFunction(this, 'ListenerRepointFunction', {
        names: this.names,
        vpc: network.vpc,
        logKey,
        logRetention,
        traffic: webServices.map((w) => ({
          service: w.serviceName,
          listeners: [w.traffic.productionListener, w.traffic.testListener],
          targetGroups: [w.traffic.blueTargetGroup, w.traffic.greenTargetGroup],
          loadBalancer: loadBalancerOf(w.traffic),
          ecsService: w.fargateService,
          deploymentGroup: w.deployment.deploymentGroup,
        })),
      });
      new ListenerRepointRole(this, 'ListenerRepoint', {
        names: this.names,
        pipelineAccount: deployingAccount,
        pipelineRegion: config.pipeline.region,
        repointFunction: repoint.function,
      });
    }
  }

  /** Configured, never looked up: a lookup needs credentials (FACTS). */
  override get availabilityZones(): string[] {
    return this.zones;
  }

  private logKey(): kms.Key {
    const key = new kms.Key(this, 'LogKey', {
      description: 'Encrypts the log groups of this environment',
      enableKeyRotation: true,
    });
    key.grantEncryptDecrypt(logsServicePrincipal(this));
    restrictGrantsToAwsServices(key);
    return key;
  }
}

/** The environment's backup names and settings, or undefined when it has no backups. */
function backupFor(config: PipelineConfig, environment: string) {
  const settings = backupSettingsFor(config, environment);
  return settings && { names: backupNames(config.application, environment), settings };
}

/** The services in an order where every service comes after the services it uses; refuses a cycle. */
export function usedFirst(services: readonly ServiceConfig[]): ServiceConfig[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const ordered: ServiceConfig[] = [];
  const visiting = new Set<string>();
  const visit = (service: ServiceConfig, path: string[]) => {
    if (ordered.includes(service)) return;
    if (visiting.has(service.name)) {
      throw new Error(`services use each other in a cycle: ${[...path, service.name].join(' -> ')}`);
    }
    visiting.add(service.name);
    for (const used of service.uses) {
      const target = byName.get(used);
      if (target) visit(target, [...path, service.name]);
    }
    visiting.delete(service.name);
    ordered.push(service);
  };
  for (const service of services) visit(service, []);
  return ordered;
}

/** The variable a service receives another service's address in: `api` → `API_URL`. */
export function addressVariable(service: string): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_URL`;
}

/** Output ids: the single `service:` form keeps the ids it always had; listed services prefix theirs. */
function outputId(service: ServiceConfig, key: string): string {
  if (service.legacyNames) return key;
  const pascal = service.name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  return `${pascal}${key}`;
}

function dashboardRow(name: string, web: WebServiceResources): DashboardService {
  const traffic = web.traffic;
  if (traffic instanceof BlueGreenLoadBalancer) {
    return {
      name,
      service: web.fargateService,
      targetGroups: { kind: 'alb', blue: traffic.blueTargetGroup, green: traffic.greenTargetGroup },
    };
  }
  const nlb = traffic as BlueGreenNetworkLoadBalancer;
  return {
    name,
    service: web.fargateService,
    targetGroups: {
      kind: 'nlb',
      blue: nlb.blueTargetGroup as elbv2.NetworkTargetGroup,
      green: nlb.greenTargetGroup as elbv2.NetworkTargetGroup,
    },
  };
}
