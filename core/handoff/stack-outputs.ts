/**
 * The release pipeline's Deploy step runs `cdk deploy --outputs-file`, and the steps after it need some of those
 * outputs (the task definition CloudFormation registered, the subnets of a release task). CodeBuild exports
 * variables from the shell, so the outputs become `export NAME='value'` lines.
 */

/** `cdk deploy --outputs-file`: output values by stack name, then by output logical id. */
export type StackOutputs = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * One `export` line per wanted output; `wanted` maps a variable name to `<stack name>.<output id>`. Fails on an
 * output the deployment did not produce, so a later step never runs with an empty value.
 */
export function exportLines(outputs: StackOutputs, wanted: Readonly<Record<string, string>>): string {
  return Object.entries(wanted)
    .map(([variable, path]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new Error(`'${variable}' is not a shell variable name`);
      const dot = path.indexOf('.');
      const value = dot > 0 ? outputs[path.slice(0, dot)]?.[path.slice(dot + 1)] : undefined;
      if (typeof value !== 'string') throw new Error(`the deployment produced no output ${path} (for ${variable})`);
      return `export ${variable}='${value.replace(/'/g, `'\\''`)}'\n`;
    })
    .join('');
}
