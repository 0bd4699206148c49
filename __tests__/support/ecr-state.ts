/**
 * The local ECR server's registry: in-memory repositories and the JSON 1.1 operations on them, with the
 * validations ECR applies (names, tag limits, policy sizes; AWS-FACTS §3, §4) and ECR's error names, including
 * LifecyclePolicyNotFoundException / RepositoryPolicyNotFoundException when a Get finds no policy. No HTTP here.
 */
import { repositoryNameProblem } from "../../handler/repository-names";

export interface StoredRepository {
  repositoryName: string;
  repositoryArn: string;
  registryId: string;
  repositoryUri: string;
  createdAt: Date;
  imageTagMutability: string;
  imageTagMutabilityExclusionFilters: { filterType: string; filter: string }[];
  scanOnPush: boolean;
  encryptionType: string;
  kmsKey?: string;
  tags: Record<string, string>;
  lifecyclePolicy?: string;
  repositoryPolicy?: string;
}

/** An error ECR would answer with: its __type, message and HTTP status. */
export class EcrError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export type Body = Record<string, unknown>;

export class EcrRegistry {
  readonly repositories = new Map<string, StoredRepository>();

  constructor(
    readonly account: string,
    readonly region: string,
    private readonly maxRepositories: number,
  ) {}

  /** Put a repository in place as if someone had created it (tags, age and all). */
  seed(name: string, fields: Partial<Omit<StoredRepository, "repositoryName">> = {}): StoredRepository {
    const repository: StoredRepository = { ...this.blank(name), ...fields };
    this.repositories.set(name, repository);
    return repository;
  }

  private blank(name: string): StoredRepository {
    return {
      repositoryName: name,
      repositoryArn: `arn:aws:ecr:${this.region}:${this.account}:repository/${name}`,
      registryId: this.account,
      repositoryUri: `${this.account}.dkr.ecr.${this.region}.amazonaws.com/${name}`,
      createdAt: new Date(),
      imageTagMutability: "MUTABLE",
      imageTagMutabilityExclusionFilters: [],
      scanOnPush: false,
      encryptionType: "AES256",
      tags: {},
    };
  }

  private wire(repository: StoredRepository): Body {
    return {
      repositoryArn: repository.repositoryArn,
      registryId: repository.registryId,
      repositoryName: repository.repositoryName,
      repositoryUri: repository.repositoryUri,
      createdAt: repository.createdAt.getTime() / 1000,
      imageTagMutability: repository.imageTagMutability,
      ...(repository.imageTagMutabilityExclusionFilters.length > 0 ? { imageTagMutabilityExclusionFilters: repository.imageTagMutabilityExclusionFilters } : {}),
      imageScanningConfiguration: { scanOnPush: repository.scanOnPush },
      encryptionConfiguration: { encryptionType: repository.encryptionType, ...(repository.kmsKey ? { kmsKey: repository.kmsKey } : {}) },
    };
  }

  private existing(body: Body): StoredRepository {
    if (body.registryId !== undefined && body.registryId !== this.account) {
      throw new EcrError("InvalidParameterException", `registryId ${String(body.registryId)} is not ${this.account}`);
    }
    const name = String(body.repositoryName);
    const repository = this.repositories.get(name);
    if (!repository) {
      throw new EcrError("RepositoryNotFoundException", `The repository with name '${name}' does not exist in the registry with id '${this.account}'`);
    }
    return repository;
  }

  apply(operation: string, body: Body): unknown {
    switch (operation) {
      case "CreateRepository":
        return { repository: this.wire(this.create(body)) };
      case "DescribeRepositories": {
        const names = Array.isArray(body.repositoryNames) ? body.repositoryNames.map(String) : [...this.repositories.keys()];
        return { repositories: names.map((repositoryName) => this.wire(this.existing({ ...body, repositoryName }))) };
      }
      case "ListTagsForResource": {
        const repository = [...this.repositories.values()].find((candidate) => candidate.repositoryArn === body.resourceArn);
        if (!repository) throw new EcrError("RepositoryNotFoundException", `no repository with ARN ${String(body.resourceArn)}`);
        return { tags: Object.entries(repository.tags).map(([Key, Value]) => ({ Key, Value })) };
      }
      case "GetLifecyclePolicy": {
        const repository = this.existing(body);
        if (repository.lifecyclePolicy === undefined) {
          throw new EcrError("LifecyclePolicyNotFoundException", `Lifecycle policy does not exist for the repository with name '${repository.repositoryName}' in the registry with id '${this.account}'`);
        }
        return { registryId: repository.registryId, repositoryName: repository.repositoryName, lifecyclePolicyText: repository.lifecyclePolicy };
      }
      case "GetRepositoryPolicy": {
        const repository = this.existing(body);
        if (repository.repositoryPolicy === undefined) {
          throw new EcrError("RepositoryPolicyNotFoundException", `Repository policy does not exist for the repository with name '${repository.repositoryName}' in the registry with id '${this.account}'`);
        }
        return { registryId: repository.registryId, repositoryName: repository.repositoryName, policyText: repository.repositoryPolicy };
      }
      case "PutLifecyclePolicy": {
        const repository = this.existing(body);
        const text = String(body.lifecyclePolicyText ?? "");
        if (text.length < 100 || text.length > 30_720) throw new EcrError("InvalidParameterException", "lifecyclePolicyText must be 100-30720 characters");
        repository.lifecyclePolicy = text;
        return { registryId: repository.registryId, repositoryName: repository.repositoryName, lifecyclePolicyText: text };
      }
      case "SetRepositoryPolicy": {
        const repository = this.existing(body);
        const text = String(body.policyText ?? "");
        if (text.length > 10_240) throw new EcrError("InvalidParameterException", "policyText over 10240 characters");
        repository.repositoryPolicy = text;
        return { registryId: repository.registryId, repositoryName: repository.repositoryName, policyText: text };
      }
      default:
        throw new EcrError("UnknownOperationException", `${operation} is not implemented by the local ECR server`);
    }
  }

  private create(body: Body): StoredRepository {
    const name = typeof body.repositoryName === "string" ? body.repositoryName : "";
    const problem = repositoryNameProblem(name);
    if (problem) throw new EcrError("InvalidParameterException", `repositoryName ${problem}`);
    if (this.repositories.has(name)) {
      throw new EcrError("RepositoryAlreadyExistsException", `The repository with name '${name}' already exists in the registry with id '${this.account}'`);
    }
    if (this.repositories.size >= this.maxRepositories) throw new EcrError("LimitExceededException", "repository limit reached");
    const tags = Array.isArray(body.tags) ? (body.tags as { Key?: unknown; Value?: unknown }[]) : [];
    if (tags.length > 50) throw new EcrError("TooManyTagsException", `${tags.length} tags; at most 50`);
    for (const tag of tags) {
      if (typeof tag.Key !== "string" || tag.Key.length < 1 || tag.Key.length > 128 || typeof tag.Value !== "string" || tag.Value.length > 256) {
        throw new EcrError("InvalidTagParameterException", `invalid tag ${JSON.stringify(tag)}`);
      }
    }
    const encryption = (body.encryptionConfiguration ?? { encryptionType: "AES256" }) as { encryptionType?: string; kmsKey?: string };
    if (encryption.encryptionType === "AES256" && encryption.kmsKey !== undefined) throw new EcrError("InvalidParameterException", "kmsKey needs encryptionType KMS");
    const scanning = body.imageScanningConfiguration as { scanOnPush?: boolean } | undefined;
    return this.seed(name, {
      imageTagMutability: typeof body.imageTagMutability === "string" ? body.imageTagMutability : "MUTABLE",
      imageTagMutabilityExclusionFilters: (body.imageTagMutabilityExclusionFilters as StoredRepository["imageTagMutabilityExclusionFilters"]) ?? [],
      scanOnPush: scanning?.scanOnPush ?? false,
      encryptionType: encryption.encryptionType ?? "AES256",
      ...(encryption.kmsKey ? { kmsKey: encryption.kmsKey } : {}),
      tags: Object.fromEntries(tags.map((tag) => [tag.Key as string, tag.Value as string])),
    });
  }
}
