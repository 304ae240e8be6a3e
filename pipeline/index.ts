/**
 * The public surface of ecs-bluegreen-pipeline for an application's own entry point (`bluegreen app --entry
 * pipeline.ts`): build the app from the configuration, then change what the configuration cannot say with
 * plain CDK. Everything else in the package is internal and may change between versions.
 */
import { EnvironmentStack, type EnvironmentStackProps } from './environment/environment-stack';

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
export { EnvironmentStack, type EnvironmentStackProps } from './environment/environment-stack';
export type { BlueGreenTraffic } from './environment/load-balancing/application-load-balancer';
export { environmentNames, serviceNames, type EnvironmentNames, type ServiceNames } from '../model/naming';

/** @deprecated Use `EnvironmentStack`: the stack holds a whole environment, not one service. */
export const ServiceStack = EnvironmentStack;
/** @deprecated Use `EnvironmentStack`. */
export type ServiceStack = EnvironmentStack;
/** @deprecated Use `EnvironmentStackProps`. */
export type ServiceStackProps = EnvironmentStackProps;
