import { Aspects, Stage, type StageProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import type { EnvironmentConfig, PipelineConfig } from '../../model/config';
import { environmentNames } from '../../model/naming';
import { CertificateStack } from './domain/certificate-stack';
import { needsCertificateStack } from './frontend/environment-frontend';
import type { ServiceImage } from './services/service-task-definition';
import { backupNames } from '../../model/backups/backup-names';
import { backupSettingsFor } from '../../model/backups/backup-settings';
import { DrVaultStack } from './data/dr-vault-stack';
import { EnvironmentStack } from './environment-stack';
import { ConfusedDeputyConditions } from '../policy/confused-deputy';

export interface EnvironmentStageProps extends StageProps {
  readonly config: PipelineConfig;
  readonly environment: EnvironmentConfig;
  /** Each service's image, by service name. */
  readonly images: Readonly<Record<string, ServiceImage>>;
}

/** One deployment environment (staging, prod, …) in its own account and region. */
export class EnvironmentStage extends Stage {
  /** The environment's application stack (named for its construct id, `Service`, which deployed stages keep). */
  readonly serviceStack: EnvironmentStack;
  /** The frontend's CloudFront certificate in us-east-1, when the environment's domain needs one made. */
  readonly certificateStack?: CertificateStack;

  constructor(scope: Construct, id: string, props: EnvironmentStageProps) {
    const { environment } = props;
    super(scope, id, { ...props, env: { account: environment.account, region: environment.region } });
    // Generated service roles (flow logs, RDS monitoring, the suite's CodeBuild project) get aws:SourceAccount.
    Aspects.of(this).add(new ConfusedDeputyConditions());
    const names = environmentNames(props.config.application, environment, props.config.pipeline.region);
    const backup = backupSettingsFor(props.config, environment.name);
    // The DR vault in the other region exists before the plan that copies into it (the database's, or the files').
    const backedUp = props.config.database || props.config.services.some((s) => s.storage);
    const drVault =
      backup?.copyToRegion && backedUp
        ? new DrVaultStack(this, 'DrVault', {
            stackName: `${names.stackName}-dr-vault`,
            env: { account: environment.account, region: backup.copyToRegion },
            vaultName: backupNames(props.config.application, environment.name).drVault,
            vaultLock: backup.vaultLock,
          })
        : undefined;
    let frontendCertificate: acm.ICertificate | undefined;
    if (environment.domain?.frontendName && needsCertificateStack(environment, props.config.frontend)) {
      this.certificateStack = new CertificateStack(this, 'FrontendCertificate', {
        stackName: names.frontendCertificateStackName,
        account: environment.account,
        zone: environment.domain,
        domainName: environment.domain.frontendName,
      });
      frontendCertificate = this.certificateStack.certificate;
    }
    // 'Service' stays the construct id since before the class's rename: the assembly's paths and stacks keep it.
    this.serviceStack = new EnvironmentStack(this, 'Service', {
      stackName: names.stackName,
      config: props.config,
      environment,
      images: props.images,
      frontendCertificate,
      // Set only when needed: it reads the certificate's ARN from us-east-1 (CertificateStack).
      ...(frontendCertificate ? { crossRegionReferences: true } : {}),
    });
    if (drVault) this.serviceStack.addStackDependency(drVault);
  }
}
