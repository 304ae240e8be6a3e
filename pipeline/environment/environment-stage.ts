import { Stage, type StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig, PipelineConfig } from '../config';
import { environmentNames } from '../naming';
import type { ServiceImage } from './services/service-task-definition';
import { ServiceStack } from './service-stack';

export interface EnvironmentStageProps extends StageProps {
  readonly config: PipelineConfig;
  readonly environment: EnvironmentConfig;
  /** Each service's image, by service name. */
  readonly images: Readonly<Record<string, ServiceImage>>;
}

/** One deployment environment (staging, prod, …) in its own account and region. */
export class EnvironmentStage extends Stage {
  readonly serviceStack: ServiceStack;

  constructor(scope: Construct, id: string, props: EnvironmentStageProps) {
    const { environment } = props;
    super(scope, id, { ...props, env: { account: environment.account, region: environment.region } });
    this.serviceStack = new ServiceStack(this, 'Service', {
      stackName: environmentNames(props.config.application, environment.name).stackName,
      config: props.config,
      environment,
      images: props.images,
    });
  }
}
