import type { z } from 'zod';

interface SidecarShape {
  readonly name: string;
  readonly image: string;
}
/** What the check needs of a configuration; structural so this file does not import schema.ts. */
interface ProtectedImagesShape {
  readonly environments: readonly { readonly approval: boolean }[];
  readonly services?: readonly { readonly sidecars?: readonly SidecarShape[] }[];
}

const BY_DIGEST = /@sha256:[0-9a-f]{64}$/;

/**
 * A protected environment runs only the images its approval names: the application's by the digest the hand-off pins,
 * every other by a digest written in the configuration. A tag can name other bytes by the time a task starts, and
 * the release pipeline's Verify refuses a protected task definition with one.
 */
export function refineProtectedImages(config: ProtectedImagesShape, ctx: z.core.$RefinementCtx): void {
  if (!config.environments.some((environment) => environment.approval)) return;
  // The single `service:` form has no sidecars.
  (config.services ?? []).forEach((service, serviceIndex) => {
    (service.sidecars ?? []).forEach((sidecar, index) => {
      if (BY_DIGEST.test(sidecar.image)) return;
      ctx.addIssue({
        code: 'custom',
        path: ['services', serviceIndex, 'sidecars', index, 'image'],
        input: sidecar.image,
        message:
          `names sidecar '${sidecar.name}' by tag ('${sidecar.image}'); an environment with approval: true runs only ` +
          'images by digest: write it as name@sha256:<64 hex> (docker buildx imagetools inspect NAME:TAG shows the digest)',
      });
    });
  });
}
