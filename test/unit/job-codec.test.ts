import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Job } from "../../src/jobs/job.js";
import { decodeJob, encodeJob } from "../../src/queue/job-codec.js";

const requestId = fc.uuid();
const login = fc.stringMatching(/^[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,2}$/);
const slackId = fc.stringMatching(/^U[A-Z0-9]{8}$/);
const responseUrl = fc.webUrl({ validSchemes: ["https"] }).filter((url) => url.length <= 1000);

const jobs: fc.Arbitrary<Job> = fc.oneof(
  requestId.map((id) => ({ type: "assign-seat" as const, requestId: id })),
  requestId.map((id) => ({ type: "notify-outcome" as const, requestId: id })),
  fc.record({ type: fc.constant("lookup-seat" as const), githubLogin: login, responseUrl }),
  fc.record({ type: fc.constant("revoke-seat" as const), githubLogin: login, actorId: slackId, responseUrl }),
  fc.record({ type: fc.constant("publish-home" as const), userId: slackId }),
);

describe("queued jobs", () => {
  it("come back from the queue exactly as they went in", () => {
    fc.assert(
      fc.property(jobs, (job) => {
        expect(decodeJob(encodeJob(job))).toEqual(job);
      }),
    );
  });

  it("are refused when an ID breaks its rule or runs past its cap", () => {
    for (const body of [
      { type: "assign-seat", requestId: "x".repeat(5000) },
      { type: "assign-seat", requestId: "REQUEST#1" },
      { type: "lookup-seat", githubLogin: "-bad-", responseUrl: "https://hooks.slack.com/x" },
      { type: "publish-home", userId: "not a user" },
      { type: "lookup-seat", githubLogin: "octocat", responseUrl: "javascript:alert(1)" },
      { type: "change-team-seats", teamSlug: "core", change: "delete", actorId: "U12345678", responseUrl: "https://x" },
    ]) {
      expect(() => decodeJob(JSON.stringify(body)), JSON.stringify(body).slice(0, 80)).toThrow(/Not a job/);
    }
  });

  it("are refused, without echoing the body, when the message is not a job at all", () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        let decoded: Job | undefined;
        try {
          decoded = decodeJob(body);
        } catch (error) {
          expect((error as Error).message).toMatch(/^Not a job this worker understands/);
          expect((error as Error).message.length).toBeLessThan(120);
        }
        if (decoded) expect(typeof decoded.type).toBe("string");
      }),
    );
  });
});
