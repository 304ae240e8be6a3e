import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { toolFile } from '../../../model/tool-files';

/**
 * The CloudFront Function's source, next to this file's source (tested as code in test/pipeline/environment/frontend); found from the
 * tool's root because the compiled file in dist/ has no copy beside it.
 */
export const SPA_FALLBACK_SOURCE = toolFile('pipeline', 'environment', 'frontend', 'spa-fallback.function.js');

/**
 * The SPA fallback as a viewer-request function on the S3 behavior, instead of distribution-wide
 * error responses: those would also turn the API's 403/404 answers into index.html with status 200.
 */
export function spaFallbackFunction(scope: Construct, id: string): cloudfront.Function {
  return new cloudfront.Function(scope, id, {
    code: cloudfront.FunctionCode.fromFile({ filePath: SPA_FALLBACK_SOURCE }),
    runtime: cloudfront.FunctionRuntime.JS_2_0,
    comment: 'Serves index.html for client-side routes (extension-less paths)',
  });
}
