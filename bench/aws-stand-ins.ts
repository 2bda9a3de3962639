import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { SQSBatchResponse } from "aws-lambda";
import dynalite from "dynalite";
import { type FakeRequest, startHttpFake } from "../src/fakes/http-fake.js";
import { type QueuedMessage, SqsFake } from "../test/fakes/sqs-fake.js";

/**
 * DynamoDB (dynalite) and SQS (the fake) for the acknowledgement bench, in a process of their own, each on two ports:
 * one that answers at once (the worker's, which nobody waits on) and one that answers no sooner than the latency
 * model's round trip after each request arrived, the way a service in another place answers later. The stand-in works
 * on the request meanwhile: the modelled round trip already includes the service's own work, so the time dynalite
 * takes (a JavaScript emulation, slower than DynamoDB and on the same two cores as the bot) is not added on top.
 *
 * In the bench's main process they would share a heap with the GitHub fake's OpenAPI schema and the worker, and that
 * heap's garbage collection pauses them for 15–50 ms at a time: pauses a service in another place never takes, charged
 * to whichever acknowledgement was waiting on it. The delay is a timer in the server rather than a proxy in front, for
 * the same reason: on this machine every loopback hop costs about a millisecond of system time, which a network
 * round trip already modelled by the delay does not add again. The main process talks to them over HTTP, as the bot
 * does, and over IPC for what SQS's event source mapping would do (receiving batches for the worker and settling
 * them).
 */

export interface StandInAddresses {
  dynamodb: { direct: string; delayed: string };
  sqs: { direct: string; delayed: string; queueUrl: string };
}

export type StandInRequest =
  | { id: number; op: "requests" }
  | { id: number; op: "receive" }
  | { id: number; op: "settle"; messages: QueuedMessage[]; response: SQSBatchResponse | undefined };

const [dynamodbDelayMs, sqsDelayMs] = process.argv.slice(2).map(Number) as [number, number];

/** SQS's answers, for a second server that answers later. */
class SqsStandIn extends SqsFake {
  answerFor(request: FakeRequest) {
    return this.answer(request);
  }
}

let delayedRequests = 0;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const dynaliteServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }) as Server;
const answerDynamoDB = dynaliteServer.listeners("request")[0] as RequestListener;
const sqs = await new SqsStandIn().start();
const later = await startHttpFake(async (request) => {
  delayedRequests += 1;
  const due = performance.now() + sqsDelayMs;
  const answer = sqs.answerFor(request);
  const rest = due - performance.now();
  if (rest > 0) await sleep(rest);
  return answer;
});
const addresses: StandInAddresses = {
  dynamodb: {
    direct: await listen(dynaliteServer),
    delayed: await listen(
      createServer((req: IncomingMessage, res: ServerResponse) => {
        delayedRequests += 1;
        const due = performance.now() + dynamodbDelayMs;
        // dynalite answers with a single `end`, headers and body together: holding that call holds the answer.
        const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
        res.end = ((...args: unknown[]) => {
          const rest = due - performance.now();
          if (rest > 0) setTimeout(() => end(...args), rest);
          else end(...args);
          return res;
        }) as ServerResponse["end"];
        answerDynamoDB(req, res);
      }),
    ),
  },
  sqs: { direct: sqs.url, delayed: later.url, queueUrl: sqs.queueUrl },
};

process.on("message", (request: StandInRequest) => {
  switch (request.op) {
    case "requests":
      return process.send?.({ id: request.id, result: delayedRequests });
    case "receive":
      return process.send?.({ id: request.id, result: sqs.receive() });
    case "settle":
      sqs.settle(request.messages, request.response);
      return process.send?.({ id: request.id, result: sqs.depth });
  }
});
process.on("disconnect", () => process.exit(0));
process.send?.({ ready: addresses });
