import { type CfnResource, Validations } from "aws-cdk-lib";
import type { CopilotSeatBotStack } from "./copilot-seat-bot-stack.js";

/**
 * The cdk-nag AwsSolutions findings this design accepts, each on the one construct it concerns and each with the
 * reason it is safe. Wildcard findings are acknowledged one resource pattern at a time, so a new wildcard
 * anywhere else still fails the synth.
 */
export function acknowledgeNagFindings(stack: CopilotSeatBotStack): void {
  const tableArn = `<${stack.getLogicalId(stack.table.node.defaultChild as CfnResource)}.Arn>`;
  for (const fn of [stack.slackEvents, stack.worker, stack.digest, stack.maintenance]) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${tableArn}/index/*]`,
      reason:
        "Granted by Table.grantRead(Write)Data: the wildcard covers only the global secondary indexes of the bot's own table (gsi1–gsi3), which the code queries.",
    });
  }

  for (const job of [stack.weeklyDigest, stack.maintenanceSweep, stack.identitySyncSchedule]) {
    const functionArn = `<${stack.getLogicalId(job.function.function.node.defaultChild as CfnResource)}.Arn>`;
    Validations.of(job.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${functionArn}:*]`,
      reason: `Granted by the LambdaInvoke schedule target: lambda:InvokeFunction on the ${job.function.node.id} function and its versions and aliases (the :* suffix), nothing else.`,
    });
  }

  Validations.of(stack.credentials).acknowledge({
    id: "AwsSolutions-SMG4",
    reason:
      "The secret holds a Slack signing secret, a Slack bot token and GitHub credentials. Slack and GitHub issue and revoke them; Secrets Manager has no rotation function for either, so the operator rotates them there and puts the new values.",
  });

  Validations.of(stack.scheduledJobsDeadLetterQueue).acknowledge({
    id: "AwsSolutions-SQS3",
    reason:
      "This queue is itself a dead-letter queue: of the EventBridge Scheduler schedules and the on-failure destination of the digest, maintenance and identity sync functions. cdk-nag only recognises dead-letter queues of other SQS queues.",
  });

  Validations.of(stack.api).acknowledge({
    id: "AwsSolutions-APIG4",
    reason:
      "Slack cannot present IAM, JWT or Lambda-authorizer credentials. Every request is authenticated in the function instead: Bolt verifies the X-Slack-Signature HMAC with the signing secret and rejects stale timestamps.",
  });
}
