import { Stage, type StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig, PipelineConfig } from '../config';
import { environmentNames } from '../naming';
import type { ServiceImage } from './services/service-task-definition';
import { backupNames } from '../../core/backups/backup-names';
import { backupSettingsFor } from '../../core/backups/backup-settings';
import { DrVaultStack } from './data/dr-vault-stack';
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
    const backup = backupSettingsFor(props.config, environment.name);
    // The DR vault in the other region exists before the plan that copies into it.
    const drVault =
      backup?.copyToRegion && props.config.database
        ? new DrVaultStack(this, 'DrVault', {
            stackName: `${environmentNames(props.config.application, environment.name).stackName}-dr-vault`,
            env: { account: environment.account, region: backup.copyToRegion },
            vaultName: backupNames(props.config.application, environment.name).drVault,
            vaultLock: backup.vaultLock,
          })
        : undefined;
    this.serviceStack = new ServiceStack(this, 'Service', {
      stackName: environmentNames(props.config.application, environment.name).stackName,
      config: props.config,
      environment,
      images: props.images,
    });
    if (drVault) this.serviceStack.addStackDependency(drVault);
  }
}
