/**
 * The credentials the function's zip resolves, in place of the SDK's default chain (@aws-sdk/credential-provider-node;
 * lib/bundle.ts aliases it here). Lambda hands the execution role's credentials to the function in these environment
 * variables and nowhere else, so the chain's other links (ini files, SSO, web identity, process, container and
 * instance metadata, with the STS and SSO clients they bring) are code that loads at every cold start and never
 * answers. Only the zip is aliased: tests and tools that import handler/ keep the full chain.
 */
import { CreateOnPushError, nameErrorClasses } from "./errors";

export class CredentialsError extends CreateOnPushError {}
nameErrorClasses({ CredentialsError });

interface EnvCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** The shape the ECR client's runtime config calls: `credentialDefaultProvider(init)` returns a provider. */
export const defaultProvider =
  (_init: unknown = {}) =>
  async (): Promise<EnvCredentials> => {
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken, AWS_CREDENTIAL_EXPIRATION: expiry } = process.env;
    if (!accessKeyId || !secretAccessKey) {
      throw new CredentialsError("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set; Lambda sets them for the execution role, so this runs outside Lambda");
    }
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), ...(expiry ? { expiration: new Date(expiry) } : {}) };
  };
