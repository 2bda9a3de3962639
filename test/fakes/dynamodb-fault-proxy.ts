import { ANSWER_LOST, ForwardingProxy, type ProxiedRequest } from "./forwarding-proxy.js";
import type { FakeAnswer } from "./http-fake.js";
import { NO_ANSWER } from "./http-fake.js";

/**
 * How a DynamoDB call fails:
 * - `throttle`: 400 `ProvisionedThroughputExceededException`, which the AWS SDK retries: a DynamoDB client makes 4
 *   attempts by default (the SDK's 2026 retry defaults), waiting a random part of 1 s, 2 s, 4 s between them;
 * - `internal`: 500 `InternalServerError`, which the SDK retries too (shorter waits, but each retry costs 14 of the
 *   client's 500 retry tokens, against 5 for a throttle: a long-lived client that keeps failing stops retrying);
 * - `hang`: no answer until the proxy is reset or stopped (the SDK has no request timeout unless one is set);
 * - `answer-lost`: the call reaches dynalite and takes effect, and the connection drops before its answer arrives,
 *   which the SDK retries as a network error.
 */
export type DynamoDbFault = "throttle" | "internal" | "hang" | "answer-lost";

export interface DynamoDbCall {
  /** The operation's name, e.g. `PutItem`. */
  operation: string;
  /** The request as DynamoDB's JSON, e.g. `{ TableName, Item: { pk: { S: "…" } } }`. */
  input: Record<string, unknown>;
  /** The fault the proxy answered with instead of forwarding; the call had no effect. */
  fault?: DynamoDbFault;
}

export interface DynamoDbFaultRule {
  /** Which matching call fails first, counting from when the rule is set: 1 is the next one. */
  nth?: number;
  fault: DynamoDbFault;
  /** How many consecutive matching calls fail, from the `nth` on; the SDK's own retries count as calls (4 to fail a default client). */
  times?: number;
  /** Only calls whose DynamoDB JSON input this accepts count, e.g. the `PutItem` of a history item. */
  match?: (input: Record<string, unknown>) => boolean;
}

interface ActiveRule {
  operation: string;
  fault: DynamoDbFault;
  firstFailing: number;
  remaining: number;
  seen: number;
  match: (input: Record<string, unknown>) => boolean;
}

const TARGET_PREFIX = "DynamoDB_20120810.";

/**
 * An HTTP proxy in front of dynalite that passes DynamoDB's JSON protocol through byte for byte, counts calls per
 * operation (from `X-Amz-Target`), and fails chosen calls the way DynamoDB does.
 * `proxy.failCall("PutItem", { nth: 2, fault: "throttle", times: 4 })` fails the second `PutItem` from now and all
 * three retries of a default client.
 */
export class DynamoDbFaultProxy {
  readonly calls: DynamoDbCall[] = [];
  private rules: ActiveRule[] = [];
  private readonly proxy: ForwardingProxy;

  constructor(dynamodbEndpoint: string) {
    this.proxy = new ForwardingProxy(dynamodbEndpoint, (request) => this.intercept(request));
  }

  static async start(dynamodbEndpoint: string): Promise<DynamoDbFaultProxy> {
    const proxy = new DynamoDbFaultProxy(dynamodbEndpoint);
    await proxy.proxy.start();
    return proxy;
  }

  /** Where a DynamoDB client should point instead of dynalite. */
  get endpoint(): string {
    return this.proxy.url;
  }

  /** Fails calls of one operation (`PutItem` or `DynamoDB_20120810.PutItem`); see `DynamoDbFaultRule`. */
  failCall(operation: string, { nth = 1, fault, times = 1, match = () => true }: DynamoDbFaultRule): void {
    if (nth < 1 || times < 1) throw new Error("nth and times count from 1");
    this.rules.push({
      operation: operationName(operation),
      fault,
      firstFailing: nth,
      remaining: times,
      seen: 0,
      match,
    });
  }

  callsTo(operation: string): DynamoDbCall[] {
    const name = operationName(operation);
    return this.calls.filter((c) => c.operation === name);
  }

  /** How many calls each operation got, faults included, e.g. `{ GetItem: 3, PutItem: 1 }`. */
  get counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
    return counts;
  }

  /** Forgets the calls and the pending faults, and drops the connections of calls left hanging. */
  reset(): void {
    this.calls.length = 0;
    this.rules = [];
    this.proxy.releaseHangs();
  }

  stop(): Promise<void> {
    return this.proxy.stop();
  }

  private intercept(request: ProxiedRequest): FakeAnswer | typeof ANSWER_LOST | undefined {
    const operation = operationName(String(request.headers["x-amz-target"] ?? ""));
    const input = parseInput(request.bytes);
    const call: DynamoDbCall = { operation, input };
    this.calls.push(call);
    const fault = this.faultFor(call);
    if (!fault) return undefined;
    call.fault = fault;
    return fault === "answer-lost" ? ANSWER_LOST : dynamoDbError(fault);
  }

  private faultFor(call: DynamoDbCall): DynamoDbFault | undefined {
    let fault: DynamoDbFault | undefined;
    for (const rule of this.rules) {
      if (rule.operation !== call.operation || rule.remaining === 0 || !rule.match(call.input)) continue;
      rule.seen += 1;
      if (!fault && rule.seen >= rule.firstFailing) {
        rule.remaining -= 1;
        fault = rule.fault;
      }
    }
    this.rules = this.rules.filter((rule) => rule.remaining > 0);
    return fault;
  }
}

function operationName(target: string): string {
  return target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
}

function parseInput(bytes: Buffer): Record<string, unknown> {
  try {
    return JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * DynamoDB's errors in its JSON 1.0 protocol. The AWS SDK v3 takes the error's name from the body's `__type` (the
 * part after `#`) before it looks at an `x-amzn-ErrorType` header; both are sent, as some clients read only one.
 */
function dynamoDbError(fault: Exclude<DynamoDbFault, "answer-lost">): FakeAnswer {
  if (fault === "hang") return NO_ANSWER;
  const [status, type, message] =
    fault === "throttle"
      ? ([
          400,
          "ProvisionedThroughputExceededException",
          "The level of configured provisioned throughput for the table was exceeded.",
        ] as const)
      : ([500, "InternalServerError", "Internal server error"] as const);
  return {
    status,
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazonaws.dynamodb.v20120810/`,
      "x-amzn-requestid": `FAULT${Date.now()}`,
    },
    body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message },
  };
}
