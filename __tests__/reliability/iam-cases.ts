/**
 * IAM decisions a role must get, as data: what the function's job needs (allowed) and what it must never do
 * (denied). Each role under test (the Lambda role now; the native-mode custom role later) lists its own.
 */
export const ACCOUNT = "111122223333";
export const OTHER_ACCOUNT = "444455556666";
export const REGION = "eu-west-1";
export const FUNCTION = "create-ecr-repo-eu-west-1";
export const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0d1e2f30-4152-4637-8899-aabbccddeeff`;
export const ECR_VIA = `ecr.${REGION}.amazonaws.com`;
/** The dead-letter queue's customer key, and the one that encrypts the function's environment. */
export const QUEUE_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-aaaa-4bbb-8ccc-dddddddddddd`;
export const ENVIRONMENT_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/22222222-aaaa-4bbb-8ccc-dddddddddddd`;
const SQS_VIA = `sqs.${REGION}.amazonaws.com`;

export interface IamCase {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
  /** The resource's account, when not ours. */
  readonly account?: string;
}

export const repo = (name: string, region = REGION, account = ACCOUNT) => `arn:aws:ecr:${region}:${account}:repository/${name}`;
const stream = (group: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}:log-stream:2026/03/02/[$LATEST]0123456789abcdef`;
const cross = (actions: readonly string[], resources: readonly string[], context?: Record<string, string>): IamCase[] =>
  actions.flatMap((action) => resources.map((resource) => ({ action, resource, ...(context ? { context } : {}) })));

export const MANAGED_NAMES = ["team-a/api", "team-a/payments/worker", "platform/tools/linter", "platform/tools/a/b/c"];
export const OUTSIDE_NAMES = ["team-ab/x", "team-a", "platform/other", "platform/tools", "platform/toolsx/a", "team-b/api", "evil/team-a/api", "platform/api"];
export const FOLLOW_UP = ["ecr:PutLifecyclePolicy", "ecr:DescribeRepositories", "ecr:ListTagsForResource", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy"];
/** A repository this function created carries its created-by tag; policies may go only there. */
export const OWN = { "aws:ResourceTag/created-by": FUNCTION };
/** What healing reads before it completes a repository: its age, its created-by tag, which policies it lacks. */
const READS = ["ecr:DescribeRepositories", "ecr:ListTagsForResource", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy"];
export const CREATE = ["ecr:CreateRepository", "ecr:TagResource"];
/** What no role of ours may ever do to a repository, managed or not. */
export const NEVER_ON_REPOSITORIES = [
  "ecr:DeleteRepository", "ecr:BatchDeleteImage", "ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
  "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DeleteLifecyclePolicy", "ecr:DeleteRepositoryPolicy", "ecr:UntagResource",
  "ecr:PutImageTagMutability", "ecr:PutImageScanningConfiguration", "ecr:StartImageScan", "ecr:ReplicateImage",
];

export const LAMBDA_ALLOWED = (withRepositoryPolicy: boolean): IamCase[] => [
  ...cross([...CREATE, ...READS], MANAGED_NAMES.map((name) => repo(name))),
  ...cross(["ecr:PutLifecyclePolicy", ...(withRepositoryPolicy ? ["ecr:SetRepositoryPolicy"] : [])], MANAGED_NAMES.map((name) => repo(name)), OWN),
  ...cross(["logs:CreateLogStream", "logs:PutLogEvents"], [stream(`/aws/lambda/${FUNCTION}`)]),
  ...cross(["kms:CreateGrant"], [KEY], { "kms:ViaService": ECR_VIA, "kms:GrantIsForAWSResource": "true" }),
  ...cross(["kms:RetireGrant", "kms:DescribeKey"], [KEY], { "kms:ViaService": ECR_VIA }),
  ...cross(["xray:PutTraceSegments", "xray:PutTelemetryRecords"], ["*"]),
  ...cross(["sqs:SendMessage"], [`arn:aws:sqs:${REGION}:${ACCOUNT}:${FUNCTION}-dlq`]),
  // Lambda's on-failure destination sends to the SSE-KMS queue as the role: a data key, through SQS.
  ...cross(["kms:GenerateDataKey", "kms:Decrypt"], [QUEUE_KEY], { "kms:ViaService": SQS_VIA }),
];

export const LAMBDA_DENIED = (withRepositoryPolicy: boolean): IamCase[] => [
  // Names outside the namespaces, the namespaces themselves, other regions and accounts.
  ...cross([...CREATE, ...FOLLOW_UP, "ecr:SetRepositoryPolicy"], OUTSIDE_NAMES.map((name) => repo(name))),
  ...cross([...CREATE, ...FOLLOW_UP], ["us-east-1", "eu-west-2"].map((region) => repo("team-a/api", region))),
  ...cross([...CREATE, ...FOLLOW_UP], [repo("team-a/api", REGION, OTHER_ACCOUNT)]).map((c) => ({ ...c, account: OTHER_ACCOUNT })),
  ...(withRepositoryPolicy ? [] : cross(["ecr:SetRepositoryPolicy"], MANAGED_NAMES.map((name) => repo(name)), OWN)),
  // Policies on a managed name that someone else created (no tag, or another function's).
  ...cross(["ecr:PutLifecyclePolicy", "ecr:SetRepositoryPolicy"], [repo("team-a/api")]),
  ...cross(["ecr:PutLifecyclePolicy", "ecr:SetRepositoryPolicy"], [repo("team-a/api")], { "aws:ResourceTag/created-by": "someone-else" }),
  // A grant that is not for an AWS resource, even through ECR.
  ...cross(["kms:CreateGrant"], [KEY], { "kms:ViaService": ECR_VIA, "kms:GrantIsForAWSResource": "false" }),
  // Destructive, data-plane and configuration calls, even on managed names.
  ...cross(NEVER_ON_REPOSITORIES, [repo("team-a/api"), repo("platform/tools/linter"), repo("team-b/api")]),
  ...cross(["ecr:GetAuthorizationToken", "ecr:PutRegistryPolicy", "ecr:PutReplicationConfiguration", "ecr:PutRegistryScanningConfiguration", "ecr:CreateRepositoryCreationTemplate", "ecr:DeleteRepositoryCreationTemplate", "ecr:PutAccountSetting", "ecr:CreatePullThroughCacheRule"], ["*"]),
  // Logs: other groups, including one whose name only starts like ours; no group management.
  ...cross(["logs:CreateLogStream", "logs:PutLogEvents"], [stream("/aws/lambda/other-function"), stream(`/aws/lambda/${FUNCTION}-evil`), stream("/aws/cloudtrail/org")]),
  ...cross(["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy"], [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${FUNCTION}`]),
  ...cross(["logs:GetLogEvents", "logs:DeleteLogStream"], [stream(`/aws/lambda/${FUNCTION}`)]),
  // The key: only through ECR in this region, only grant management, only this key.
  ...cross(["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"], [KEY]),
  ...cross(["kms:CreateGrant", "kms:DescribeKey"], [KEY], { "kms:ViaService": `s3.${REGION}.amazonaws.com` }),
  ...cross(["kms:CreateGrant"], [KEY], { "kms:ViaService": "ecr.us-east-1.amazonaws.com" }),
  ...cross(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey"], [KEY], { "kms:ViaService": ECR_VIA }),
  ...cross(["kms:CreateGrant"], [`arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`], { "kms:ViaService": ECR_VIA }),
  // The queue's key: only the two calls SQS makes for a sender, only through SQS in this Region, only that key.
  ...cross(["kms:GenerateDataKey", "kms:Decrypt"], [QUEUE_KEY]),
  ...cross(["kms:GenerateDataKey", "kms:Decrypt"], [QUEUE_KEY], { "kms:ViaService": `s3.${REGION}.amazonaws.com` }),
  ...cross(["kms:GenerateDataKey", "kms:Decrypt"], [QUEUE_KEY], { "kms:ViaService": "sqs.us-east-1.amazonaws.com" }),
  ...cross(["kms:Encrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:DescribeKey", "kms:ScheduleKeyDeletion", "kms:PutKeyPolicy"], [QUEUE_KEY], { "kms:ViaService": SQS_VIA }),
  ...cross(["kms:GenerateDataKey", "kms:Decrypt"], [KEY, `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`], { "kms:ViaService": SQS_VIA }),
  // The environment's key: Lambda decrypts through its own grant, so the role may do nothing with it.
  ...cross(["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt", "kms:CreateGrant", "kms:DescribeKey"], [ENVIRONMENT_KEY]),
  ...cross(["kms:Decrypt", "kms:GenerateDataKey"], [ENVIRONMENT_KEY], { "kms:ViaService": `lambda.${REGION}.amazonaws.com` }),
  ...cross(["kms:Decrypt", "kms:GenerateDataKey"], [ENVIRONMENT_KEY], { "kms:ViaService": SQS_VIA }),
  // The dead-letter queue: send only; no other queue.
  ...cross(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:PurgeQueue", "sqs:SetQueueAttributes"], [`arn:aws:sqs:${REGION}:${ACCOUNT}:${FUNCTION}-dlq`]),
  ...cross(["sqs:SendMessage"], [`arn:aws:sqs:${REGION}:${ACCOUNT}:other-queue`, `arn:aws:sqs:us-east-1:${ACCOUNT}:${FUNCTION}-dlq`]),
  // Escalation paths.
  ...cross(["iam:PassRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:CreateRole"], [`arn:aws:iam::${ACCOUNT}:role/${FUNCTION}`, `arn:aws:iam::${ACCOUNT}:role/admin`]),
  ...cross(["sts:AssumeRole"], [`arn:aws:iam::${ACCOUNT}:role/admin`]),
  ...cross(["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:InvokeFunction"], [`arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}`]),
  ...cross(["events:PutRule", "events:PutTargets"], [`arn:aws:events:${REGION}:${ACCOUNT}:rule/ecr-repo-404-on-push-for-${FUNCTION}`]),
  ...cross(["s3:GetObject"], ["arn:aws:s3:::any-bucket/any-key"]),
];

/** The role ECR assumes for the native mode's templates: create and tag under the prefixes, grants on the key. */
export const NATIVE_ROLE = `create-ecr-repo-templates-${REGION}`;

export const NATIVE_ALLOWED = (replication: boolean): IamCase[] => [
  ...cross(CREATE, MANAGED_NAMES.map((name) => repo(name))),
  ...cross(["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"], [KEY]),
  ...(replication ? cross(["ecr:ReplicateImage"], MANAGED_NAMES.map((name) => repo(name))) : []),
];

export const NATIVE_DENIED = (replication: boolean): IamCase[] => [
  ...cross(CREATE, OUTSIDE_NAMES.map((name) => repo(name))),
  ...cross(CREATE, ["us-east-1", "eu-west-2"].map((region) => repo("team-a/api", region))),
  ...cross(CREATE, [repo("team-a/api", REGION, OTHER_ACCOUNT)]).map((c) => ({ ...c, account: OTHER_ACCOUNT })),
  // Templates set policies at creation (CreateRepository); the role needs no policy calls, reads or deletes.
  ...cross(["ecr:PutLifecyclePolicy", "ecr:SetRepositoryPolicy", "ecr:DescribeRepositories", "ecr:ListTagsForResource"], [repo("team-a/api")]),
  ...cross(NEVER_ON_REPOSITORIES.filter((a) => !replication || a !== "ecr:ReplicateImage"), [repo("team-a/api"), repo("team-b/api")]),
  ...(replication ? cross(["ecr:ReplicateImage"], OUTSIDE_NAMES.map((name) => repo(name))) : []),
  ...cross(["ecr:CreateRepositoryCreationTemplate", "ecr:PutAccountSetting", "ecr:PutRegistryPolicy"], ["*"]),
  ...cross(["kms:CreateGrant", "kms:DescribeKey"], [`arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`]),
  ...cross(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ScheduleKeyDeletion", "kms:PutKeyPolicy"], [KEY]),
  ...cross(["iam:PassRole", "iam:PutRolePolicy", "iam:CreateRole"], [`arn:aws:iam::${ACCOUNT}:role/${NATIVE_ROLE}`, `arn:aws:iam::${ACCOUNT}:role/admin`]),
  ...cross(["sts:AssumeRole"], [`arn:aws:iam::${ACCOUNT}:role/admin`]),
  ...cross(["logs:PutLogEvents"], [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${FUNCTION}:log-stream:x`]),
  ...cross(["s3:GetObject"], ["arn:aws:s3:::any-bucket/any-key"]),
];
