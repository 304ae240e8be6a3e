import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PipelineConfig } from '../../model/config';
import { isWebService } from '../../model/config/service-config';
import { backupSettingsFor } from '../../model/backups/backup-settings';
import { effectiveCacheFor } from '../../model/config/cache-schema';
import { effectiveDatabaseFor } from '../../model/config/database-schema';
import { environmentNames, type EnvironmentNames } from '../../model/naming';
import { acknowledgeGuardRule } from '../policy/acknowledge';
import { logGroupKey } from '../policy/key-grants';
import { grantPipelineAccess } from './access/environment-access';
import { ExecSessions } from './access/exec-sessions';
import { environmentDeploymentConfig } from './deployment/blue-green-deployment';
import { IntegrationSuiteSource } from './deployment/integration-suite-source';
import { ServiceDomain } from './domain/service-domain';
import type { EnvironmentFrontend } from './frontend/environment-frontend';
import { wireFrontendAndDomain } from './frontend/frontend-wiring';
import { deployingAccountOf } from '../../model/release-split';
import type { BlueGreenTraffic } from './load-balancing/application-load-balancer';
import { EnvironmentData } from './data/environment-data';
import { Network } from './network';
import { AlarmTopic } from './observability/alarm-topic';
import { observeEnvironment } from './observability/environment-observability';
import { buildEnvironmentServices, type ServiceOutputs } from './services/environment-services';
import type { ServiceImage } from './services/service-task-definition';
import { StorageAndJobs } from './storage/storage-and-jobs';
import { backupFor } from './storage/storage-backup';

export interface EnvironmentStackProps extends StackProps {
  readonly config: PipelineConfig;
  readonly environment: EnvironmentConfig;
  /** Each service's image (its repository and the commit's tag), by service name. */
  readonly images: Readonly<Record<string, ServiceImage>>;
  /** The frontend's CloudFront certificate from the stage's us-east-1 CertificateStack, when it made one. @default - none made */
  readonly frontendCertificate?: acm.ICertificate;
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
    const logKey = logGroupKey(this, 'LogKey', 'Encrypts the log groups of this environment');

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
            names: this.names,
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
    const services = buildEnvironmentServices(this, {
      config,
      environment,
      names: this.names,
      images: props.images,
      network,
      cluster,
      data,
      codeDeployApplication,
      deploymentConfig,
      suiteSource: suiteSource?.source,
      alarmTopic,
      hasDomain: domain !== undefined,
      logKey,
      logRetention,
    });
    const { webServices, workers, outputs } = services;
    this.serviceOutputs = outputs;
    this.taskDefinitions = services.taskDefinitions;
    this.webTraffic = services.webTraffic;
    this.workerServices = services.workerServices;
    new StorageAndJobs(this, 'StorageAndJobs', {
      config,
      vpc: network.vpc,
      cluster,
      services: services.built,
      backupPlan: data?.backupPlan?.plan,
      backup: backupFor(config, environment.name),
      alarmTopic,
    });
    const firstWeb = config.services.filter(isWebService)[0];
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

    observeEnvironment(this, {
      names: this.names,
      webServices,
      workers,
      data,
      codeDeployApplication,
      emails: config.notifications.emails,
    });
    grantPipelineAccess(this, {
      config,
      environment,
      names: this.names,
      pipelineAccount: deployingAccount,
      vpc: network.vpc,
      cluster,
      deploymentConfig,
      webServices,
      workers,
      logKey,
      logRetention,
    });
  }

  /** Configured, never looked up: a lookup needs credentials (FACTS). */
  override get availabilityZones(): string[] {
    return this.zones;
  }
}
