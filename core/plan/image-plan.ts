import type { PipelineConfig } from '../../model/config';
import { imageCopyRegions, regionalImagesStackName } from '../../model/image-regions';

/** Where the images are kept and where each environment's tasks pull from, one line. */
export function describeImageRegions(config: PipelineConfig): string {
  const regions = imageCopyRegions(config);
  const home = config.pipeline.region;
  if (regions.length === 0) return `Images: kept in ${home} (tools account), where every environment runs`;
  const stacks = regions.map((r) => regionalImagesStackName(config.application, r)).join(', ');
  return (
    `Images: kept in ${home} and copied by digest (same tag, digest checked) to ${regions.join(', ')} by the image ` +
    `step (repositories in stack(s) ${stacks} of the tools account); each environment's tasks pull from their own region`
  );
}
