import type { Rule } from '../rule';
import { afterInstallHttpChecks } from './after-install-http-checks';
import { availabilityZoneRegion } from './availability-zone-region';
import { backupCopyDestination } from './backup-copy-destination';
import { blueGreenScalingSuspended } from './blue-green-scaling-suspended';
import { checkUrlDnsRecord } from './check-url-dns-record';
import { cloudfrontCertificateRegion } from './cloudfront-certificate-region';
import { codebuildNodeVersion } from './codebuild-node-version';
import { compositeAlarmRead } from './composite-alarm-read';
import { connectionPermissionPrefix } from './connection-permission-prefix';
import { crossAccountSecretKey } from './cross-account-secret-key';
import { crossAccountSelfMutation } from './cross-account-self-mutation';
import { dockerHubBaseImage } from './docker-hub-base-image';
import { ecrExpiryDeployedImages } from './ecr-expiry-deployed-images';
import { efsMountTargetZones } from './efs-mount-target-zones';
import { efsVolumeAuthorization } from './efs-volume-authorization';
import { elasticachePasswords } from './elasticache-passwords';
import { elasticacheTransitEncryptionAuth } from './elasticache-transit-encryption-auth';
import { entryConditionSkip } from './entry-condition-skip';
import { fixedNameCollision } from './fixed-name-collision';
import { fixedNameRetain } from './fixed-name-retain';
import { eventbridgeTargetPermission } from './eventbridge-target-permission';
import { httpsUrlOnLoadBalancerName } from './https-url-on-load-balancer-name';
import { listenerRepointedAfterDeploy } from './listener-repointed-after-deploy';
import { nlbDeploymentConfig } from './nlb-deployment-config';
import { pipelineActionConfigurationLength } from './pipeline-action-configuration-length';
import { pipelineRoleRedirectsTraffic } from './pipeline-role-redirects-traffic';
import { principalExistsFirst } from './principal-exists-first';
import { pipelineActionRoleExistsFirst } from './pipeline-action-role-exists-first';
import { protectedAccountReach } from './protected-account-reach';
import { releaseAccountReach } from './release-account-reach';
import { protectedTrustReleaseOnly } from './protected-trust-release-only';
import { rdsLogExportSource } from './rds-log-export-source';
import { resourcePolicyConfusedDeputy } from './resource-policy-confused-deputy';
import { rotationInvokePermission } from './rotation-invoke-permission';
import { releaseToolIntegrity } from './release-tool-integrity';
import { scheduleEcsTarget } from './schedule-ecs-target';
import { secretsManagerReach } from './secrets-manager-reach';
import { securityGroupDescriptions } from './security-group-descriptions';
import { serviceRoleConfusedDeputy } from './service-role-confused-deputy';
import { serviceTaskFamilyOrder } from './service-task-family-order';
import { stackOutputCreateOnly } from './stack-output-create-only';
import { taskDefinitionTags } from './task-definition-tags';
import { taskImageRegion } from './task-image-region';
import { topicPublishersAdmitted } from './topic-publishers-admitted';
import { triggerPaths } from './trigger-paths';
import { vpcCodebuildNetworkPermissions } from './vpc-codebuild-network-permissions';
import { vpcFunctionEniPermissions } from './vpc-function-eni-permissions';

/** Every preflight rule, in the order the README lists them. */
export const PREFLIGHT_RULES: readonly Rule[] = [
  crossAccountSelfMutation,
  protectedAccountReach,
  releaseToolIntegrity,
  releaseAccountReach,
  protectedTrustReleaseOnly,
  vpcFunctionEniPermissions,
  connectionPermissionPrefix,
  compositeAlarmRead,
  entryConditionSkip,
  codebuildNodeVersion,
  triggerPaths,
  ecrExpiryDeployedImages,
  dockerHubBaseImage,
  taskDefinitionTags,
  httpsUrlOnLoadBalancerName,
  afterInstallHttpChecks,
  vpcCodebuildNetworkPermissions,
  eventbridgeTargetPermission,
  elasticacheTransitEncryptionAuth,
  cloudfrontCertificateRegion,
  backupCopyDestination,
  secretsManagerReach,
  securityGroupDescriptions,
  principalExistsFirst,
  pipelineActionRoleExistsFirst,
  nlbDeploymentConfig,
  fixedNameRetain,
  topicPublishersAdmitted,
  rdsLogExportSource,
  fixedNameCollision,
  checkUrlDnsRecord,
  serviceRoleConfusedDeputy,
  resourcePolicyConfusedDeputy,
  efsVolumeAuthorization,
  efsMountTargetZones,
  scheduleEcsTarget,
  crossAccountSecretKey,
  availabilityZoneRegion,
  taskImageRegion,
  blueGreenScalingSuspended,
  listenerRepointedAfterDeploy,
  pipelineRoleRedirectsTraffic,
  serviceTaskFamilyOrder,
  stackOutputCreateOnly,
  pipelineActionConfigurationLength,
  elasticachePasswords,
  rotationInvokePermission,
];
