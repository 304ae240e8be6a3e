/**
 * The public surface of ecs-bluegreen-pipeline for an application's own entry point (`bluegreen app --entry
 * pipeline.ts`): build the app from the configuration, then change what the configuration cannot say with
 * plain CDK. Everything else in the package is internal and may change between versions.
 */
export { createPipelineApp, type PipelineApp, type PipelineAppOptions } from './app';
export {
  ConfigError,
  loadConfig,
  parseConfig,
  type EnvironmentConfig,
  type PipelineConfig,
  type ServiceConfig,
  type TaskDefinitionOverride,
} from '../model/config';
export { DeliveryPipelineStack, type DeliveryPipelineStackProps } from './delivery/delivery-pipeline-stack';
export { EnvironmentStage, type EnvironmentStageProps } from './environment/environment-stage';
export { ServiceStack, type ServiceStackProps } from './environment/service-stack';
export { environmentNames, serviceNames, type EnvironmentNames, type ServiceNames } from '../model/naming';
