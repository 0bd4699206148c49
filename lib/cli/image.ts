/**
 * What an ECR image reference names: the registry (its account and Region) and the repository.
 * `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repository>[:tag][@digest]`, optionally with a scheme, as
 * docker, buildx (`-t`, `--output=...,name=...`), podman and finch take it.
 */

export interface EcrImage {
  readonly account: string;
  readonly region: string;
  readonly repository: string;
}

const ECR_IMAGE = /^(?:[a-z]+:\/\/)?(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+?)(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** The reference `value` is, or undefined. */
export function parseEcrImage(value: string): EcrImage | undefined {
  const match = ECR_IMAGE.exec(value);
  return match ? { account: match[1]!, region: match[2]!, repository: match[3]! } : undefined;
}

/** The first ECR image a client command names: a plain argument, `--flag=<ref>`, or buildx's `name=<ref>,...`. */
export function imageOfCommand(command: readonly string[]): EcrImage | undefined {
  for (const arg of command) {
    const value = arg.includes("=") && arg.startsWith("--") ? arg.slice(arg.indexOf("=") + 1) : arg;
    for (const part of value.split(",")) {
      const image = parseEcrImage(part.replace(/^name=/, ""));
      if (image) return image;
    }
  }
  return undefined;
}
