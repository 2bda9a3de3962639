import { ArnFormat, Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface BotAlarmsProps {
  /** Subscribed to the alarm topic when given; otherwise subscribe people or chat integrations yourself. */
  readonly email: string | undefined;
}

const PERIOD = Duration.minutes(5);

/**
 * CloudWatch alarms that page someone through one SNS topic. Every alarm fires on the first occurrence
 * (threshold 1 in one five-minute period): the bot's traffic is low, so a single failure is already news,
 * and missing data (no traffic) counts as healthy.
 */
export class BotAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: BotAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, "Topic", { displayName: "Copilot seat bot alarms", enforceSSL: true });
    const stack = Stack.of(this);
    // The topic has a resource policy (for enforceSSL), so say explicitly that this account's alarms may publish.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowThisAccountsAlarmsToPublish",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { "aws:SourceAccount": stack.account },
          ArnLike: {
            "aws:SourceArn": stack.formatArn({
              service: "cloudwatch",
              resource: "alarm",
              resourceName: "*",
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (props.email !== undefined) {
      this.topic.addSubscription(new EmailSubscription(props.email));
    }
    this.action = new SnsAction(this.topic);
  }

  /** Errors (including timeouts) and throttles of one function. */
  watchFunction(name: string, fn: lambda.IFunction, errorsDescription?: string): void {
    this.add(
      `${name}Errors`,
      fn.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
      errorsDescription ?? `The ${name} function failed (an error or a timeout). Check its log group.`,
    );
    this.add(
      `${name}Throttles`,
      fn.metricThrottles({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
      `The ${name} function was throttled: the account's Lambda concurrency is exhausted.`,
    );
  }

  /** Any message waiting in a dead-letter queue: something failed for good and needs a person. */
  /** An alarm when the bot's own metric (e.g. failed assignments) counts at least one in a period. */
  watchMetric(name: string, metric: cloudwatch.IMetric, description: string): void {
    this.add(`${name}Alarm`, metric, description);
  }

  watchDeadLetterQueue(name: string, queue: sqs.IQueue, description: string): void {
    this.add(
      `${name}NotEmpty`,
      queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
      description,
    );
  }

  private add(id: string, metric: cloudwatch.IMetric, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }
}
