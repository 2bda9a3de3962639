import { Duration, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { BotFunction } from "./bot-function.js";

export interface ScheduledJobProps {
  readonly function: BotFunction;
  /** Sent to the function as `job`, so its logs say which schedule started it. */
  readonly job: string;
  readonly description: string;
  readonly schedule: scheduler.ScheduleExpression;
  /** Where a run ends up when it could not be delivered or kept failing. */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * An EventBridge Scheduler schedule that runs one of the bot's functions.
 *
 * Scheduler invokes Lambda asynchronously, so there are two retry layers: the schedule's retry policy covers
 * delivering the invocation, and the function's async-invoke configuration covers a run that throws or times out.
 * Both end in the same dead-letter queue, which is alarmed.
 */
export class ScheduledJob extends Construct {
  readonly schedule: scheduler.Schedule;
  /** The role Scheduler assumes to invoke the function. */
  readonly role: iam.Role;
  readonly function: BotFunction;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    this.function = props.function;
    const fn = props.function.function;

    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(2),
      onFailure: new SqsDestination(props.deadLetterQueue),
    });

    // Only this account's schedules may use the role (confused-deputy protection).
    this.role = new iam.Role(this, "SchedulerRole", {
      assumedBy: new iam.PrincipalWithConditions(new iam.ServicePrincipal("scheduler.amazonaws.com"), {
        StringEquals: { "aws:SourceAccount": Stack.of(this).account },
      }),
      description: `Lets EventBridge Scheduler start the ${props.job} job of the Copilot seat bot`,
    });

    this.schedule = new scheduler.Schedule(this, "Schedule", {
      description: props.description,
      schedule: props.schedule,
      target: new LambdaInvoke(fn, {
        role: this.role,
        input: scheduler.ScheduleTargetInput.fromObject({
          job: props.job,
          // Identifies the run, so a retried run can recognise work it already did.
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
          executionId: scheduler.ContextAttribute.executionId,
        }),
        retryAttempts: 10,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: props.deadLetterQueue,
      }),
    });
  }
}
