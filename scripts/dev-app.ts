/**
 * The CDK app as this repository runs it from source (cdk.json): bundles the Lambda handlers, then synthesizes
 * through `bluegreen app`, as an application's cdk.json does with the installed package.
 */
import { main } from '../cli/main';
import { nodeContext } from '../cli/context';
import { bundleLambdas } from './bundle-lambdas';

bundleLambdas();
void main(['app'], nodeContext()).then((code) => {
  process.exitCode = code;
});
