/** The principals of the ensure tests: a CI role session in the registry's account, and one in an account not allowed. */
import { HANDLER_ATTRIBUTE } from "../../lib/bundle";
import { type EcrServer, startEcrServer } from "../support/ecr-server";
import { ACCOUNT, FUNCTION_NAME, handlerEnv, REGION } from "../support/handler-fixtures";
import { type LambdaServer, startLambdaServer } from "../support/lambda-server";
import { type KnownIdentity, startStsServer, type StsServer } from "../support/sts-server";

export const CI = {
  accessKeyId: "ASIAQEXAMPLECI00001",
  secretAccessKey: "ci/K7MDENG/bPxRfiCYEXAMPLEKEY0000000000",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE+session/token==",
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-pusher/ci-4821`,
  account: ACCOUNT,
  userId: "AROAEXAMPLEID:ci-4821",
} as const;

export const OTHER_ACCOUNT_CI = {
  accessKeyId: "AKIAQEXAMPLEOTHER01",
  secretAccessKey: "other/K7MDENG/bPxRfiCYEXAMPLEKEY000000",
  arn: "arn:aws:iam::999988887777:user/ci",
  account: "999988887777",
  userId: "AIDAEXAMPLEOTHER",
} as const;

/** What the local STS knows: each access key and who it is. */
export function stsIdentities(): Record<string, KnownIdentity> {
  return {
    [CI.accessKeyId]: { secretAccessKey: CI.secretAccessKey, sessionToken: CI.sessionToken, arn: CI.arn, account: CI.account, userId: CI.userId },
    [OTHER_ACCOUNT_CI.accessKeyId]: { secretAccessKey: OTHER_ACCOUNT_CI.secretAccessKey, arn: OTHER_ACCOUNT_CI.arn, account: OTHER_ACCOUNT_CI.account, userId: OTHER_ACCOUNT_CI.userId },
  };
}

/** The local endpoints an ensure runs against, the bundled function deployed: `elsewhere` is an STS that vouches for anyone. */
export interface EnsureWorld {
  readonly ecr: EcrServer;
  readonly sts: StsServer;
  readonly elsewhere: StsServer;
  readonly lambda: LambdaServer;
}

export async function startEnsureWorld(zipPath: string): Promise<EnsureWorld> {
  const ecr = await startEcrServer({ account: ACCOUNT, region: REGION });
  const sts = await startStsServer({ region: REGION, identities: stsIdentities() });
  const elsewhere = await startStsServer({ region: REGION, identities: stsIdentities(), trusting: true });
  const lambda = await startLambdaServer({ AWS_ENDPOINT_URL_ECR: ecr.url, AWS_ENDPOINT_URL_STS: sts.url });
  const { AWS_LAMBDA_FUNCTION_NAME: _name, AWS_REGION: _region, ...environment } = handlerEnv();
  lambda.deploy({ name: FUNCTION_NAME, account: ACCOUNT, region: REGION, zipPath, handler: HANDLER_ATTRIBUTE, environment });
  return { ecr, sts, elsewhere, lambda };
}

/** An image reference in the function's registry. */
export const image = (name: string): string => `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:1`;

/** The command's environment as a CI job has it: the CI role's session and the local endpoints. */
export function ciEnvironment(home: string, world: Pick<EnsureWorld, "ecr" | "sts" | "lambda">): Record<string, string> {
  return {
    HOME: home,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CI.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CI.secretAccessKey,
    AWS_SESSION_TOKEN: CI.sessionToken,
    AWS_ENDPOINT_URL_LAMBDA: world.lambda.url,
    AWS_ENDPOINT_URL_STS: world.sts.url,
    AWS_EC2_METADATA_DISABLED: "true",
    FAKE_ECR_URL: world.ecr.url,
  };
}
