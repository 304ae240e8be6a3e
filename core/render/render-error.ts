/** Input that cannot be rendered into CodeDeploy files; the message names the field, the value and what is allowed. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
}
