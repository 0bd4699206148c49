/**
 * The pipeline, with its dependencies passed in: index.ts wires the real ones at cold start, tests wire a
 * client pointed at the local ECR server.
 */
import { act, type ActDeps, type Outcome } from "./act";
import { decide } from "./decide";
import { ContextError } from "./errors";
import { parsePushFailure } from "./parse";
import type { HandlerSettings } from "./settings";

/** The part of the Lambda context the handler reads. */
export interface LambdaContext {
  readonly invokedFunctionArn: string;
  readonly awsRequestId?: string;
}

export interface HandlerDeps extends Omit<ActDeps, "requestId"> {
  readonly settings: HandlerSettings;
}

const ACCOUNT_ID = /^\d{12}$/;

/** The function's own account: the 5th field of arn:partition:lambda:region:account:function:name. */
export function accountOf(context: LambdaContext | undefined): string {
  const account = context?.invokedFunctionArn?.split(":")[4];
  if (account === undefined || !ACCOUNT_ID.test(account)) {
    throw new ContextError(`context.invokedFunctionArn ${JSON.stringify(context?.invokedFunctionArn)} carries no 12-digit account id`);
  }
  return account;
}

export function createHandler(deps: HandlerDeps) {
  const { settings } = deps;
  return async (event: unknown, context: LambdaContext): Promise<Outcome> => {
    const expectations = { account: accountOf(context), region: settings.region, eventNames: settings.eventNames };
    const plan = decide(parsePushFailure(event, expectations), settings);
    return act(plan, { ...deps, requestId: context.awsRequestId });
  };
}
