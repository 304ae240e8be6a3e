import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { join } from 'node:path';

/** The CloudFront Function's source, next to this file (tested as code in test/frontend). */
export const SPA_FALLBACK_SOURCE = join(__dirname, 'spa-fallback.function.js');

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
