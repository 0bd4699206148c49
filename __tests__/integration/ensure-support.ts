/** The principals of the ensure tests: a CI role session in the registry's account, and one in an account not allowed. */
import { ACCOUNT } from "../support/handler-fixtures";
import type { KnownIdentity } from "../support/sts-server";

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
