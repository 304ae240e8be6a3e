/** One `FROM` instruction of a Dockerfile. */
export interface FromInstruction {
  readonly line: number;
  readonly image: string;
  /** The stage name after `AS`, when given. */
  readonly stageName?: string;
}

/** The FROM instructions of a Dockerfile, in order (line continuations joined, comments and flags skipped). */
export function fromInstructions(dockerfile: string): FromInstruction[] {
  const instructions: FromInstruction[] = [];
  const lines = dockerfile.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let text = lines[i];
    while (text.trimEnd().endsWith('\\') && i + 1 < lines.length) {
      text = text.trimEnd().slice(0, -1) + ' ' + lines[++i];
    }
    const words = text.trim().split(/\s+/);
    if (words[0]?.toUpperCase() !== 'FROM') continue;
    const args = words.slice(1).filter((w) => !w.startsWith('--'));
    if (args.length === 0) continue;
    const asIndex = args.findIndex((w) => w.toUpperCase() === 'AS');
    instructions.push({ line, image: args[0], stageName: asIndex > 0 ? args[asIndex + 1] : undefined });
  }
  return instructions;
}

/** The registry host an image reference pulls from; `docker.io` when it names none (Docker Hub). */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  // Docker's rule: the first component is a host only when it has a dot or a port, or is localhost.
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
}

const DOCKER_HUB_HOSTS = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

export function isDockerHub(image: string): boolean {
  return DOCKER_HUB_HOSTS.includes(registryOf(image).toLowerCase());
}
