import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JOB_TYPES, type Job, type JobField, type JobType, MAX_JOB_FIELD_LENGTH } from "../../src/jobs/job.js";
import { decodeJob, encodeJob } from "../../src/jobs/job-codec.js";

/** A valid value of each field; the record's type makes a new field need one here. */
const VALID: Record<JobField, fc.Arbitrary<string>> = {
  requestId: fc.uuid(),
  githubLogin: fc.stringMatching(/^[A-Za-z0-9]{1,10}(-[A-Za-z0-9]{1,10}){0,2}$/),
  actorId: fc.stringMatching(/^[UW][A-Z0-9]{8,12}$/),
  userId: fc.stringMatching(/^[UW][A-Z0-9]{8,12}$/),
  teamSlug: fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,30}$/),
  change: fc.constantFrom("add", "remove"),
  responseUrl: fc.webUrl({ validSchemes: ["https"] }).filter((url) => url.length <= MAX_JOB_FIELD_LENGTH),
  roundId: fc.constantFrom("2026-11-23", "2026-11-21T14-05-09"),
  batch: fc.integer({ min: 0, max: 99_999 }).map(String),
  approverId: fc.stringMatching(/^[UW][A-Z0-9]{8,12}$/),
  extensionId: fc.uuid(),
  cursor: fc.stringMatching(/^[A-Za-z0-9_-]{1,200}$/),
  problem: fc
    .record({ code: fc.stringMatching(/^[A-Z][A-Z_]{1,20}$/), params: fc.dictionary(fc.string(), fc.string()) })
    .map((problem) => JSON.stringify(problem)),
  notice: fc.constantFrom("confirmation-cancelled", "already-started"),
  choice: fc.constantFrom("keep", "release"),
  clickId: fc.uuid(),
};

/** Values each field's rule refuses, besides what every field refuses (`ILL_FORMED`). */
const BREAKS_RULE: Record<JobField, fc.Arbitrary<string>> = {
  requestId: fc.constantFrom("REQUEST#1", "not-a-uuid", "12345678-1234-1234-1234-1234567890ab#"),
  githubLogin: fc.constantFrom("-bad-", "a--b", "has space", "x".repeat(40), "a/b"),
  actorId: fc.constantFrom("not a user", "C12345678", "u12345678", "U"),
  userId: fc.constantFrom("not a user", "C12345678", "u12345678", "U"),
  teamSlug: fc.constantFrom("-core", "core team", "a/b", ".hidden"),
  change: fc.constantFrom("delete", "ADD", "add "),
  responseUrl: fc.constantFrom("javascript:alert(1)", "ftp://hooks.slack.com/x", "hooks.slack.com/commands/1"),
  roundId: fc.constantFrom("RECLAIM#2026-11-23", "2026-11-23#HOLDER", "23.11.2026", "2026-11-21T14:05:09"),
  batch: fc.constantFrom("-1", "1.5", "123456", "one"),
  approverId: fc.constantFrom("not a user", "C12345678", "u12345678", "U"),
  extensionId: fc.constantFrom("REQUEST#1", "not-a-uuid"),
  cursor: fc.constantFrom("eyJ==", "a b", "a/b", "a+b"),
  problem: fc.constantFrom(
    "words, not a problem",
    '{"code":"lower","params":{}}',
    '{"code":"NOT_FAILED"}',
    '{"code":"NOT_FAILED","params":{},"text":"<!channel>"}',
    `{"code":"NOT_FAILED","params":{"a":"${"x".repeat(501)}"}}`,
    '{"code":"NOT_FAILED","params":[]}',
  ),
  notice: fc.constantFrom("cancelled", "Already-started", "<!channel>"),
  choice: fc.constantFrom("kept", "KEEP", "release "),
  clickId: fc.constantFrom("REQUEST#1", "not-a-uuid", "2026-11-22T03:00:00.000Z"),
};

/** What no field accepts: not a string, empty, or longer than the cap. */
const ILL_FORMED: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(""),
  fc.constant(`https://hooks.slack.com/${"a".repeat(MAX_JOB_FIELD_LENGTH)}`),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

const TYPES = Object.keys(JOB_TYPES) as JobType[];

function fieldsOf(type: JobType): [JobField, "required" | "optional"][] {
  return Object.entries(JOB_TYPES[type]) as [JobField, "required" | "optional"][];
}

/** Any job of the given type, optional fields sometimes left out. */
function jobOf(type: JobType): fc.Arbitrary<Job> {
  const fields = fieldsOf(type);
  const model = Object.fromEntries(fields.map(([field]) => [field, VALID[field]]));
  const requiredKeys = fields.filter(([, presence]) => presence === "required").map(([field]) => field);
  return fc.record(model, { requiredKeys }).map((fields) => ({ type, ...fields }) as Job);
}

const anyJob = fc.constantFrom(...TYPES).chain(jobOf);
/** Jobs of the types that carry fields, and of those that require some: a type may carry none. */
const anyJobWithFields = fc.constantFrom(...TYPES.filter((type) => fieldsOf(type).length > 0)).chain(jobOf);
const requiredOf = (type: JobType) => fieldsOf(type).filter(([, presence]) => presence === "required");
const anyJobRequiringFields = fc.constantFrom(...TYPES.filter((type) => requiredOf(type).length > 0)).chain(jobOf);

/** A job with one of its fields (the `index`-th, wrapped around) set to `value`. */
const withOneFieldReplaced = (replacement: (field: JobField) => fc.Arbitrary<unknown>) =>
  fc.tuple(anyJobWithFields, fc.nat()).chain(([job, index]) => {
    const fields = fieldsOf(job.type);
    const [field] = fields[index % fields.length] as [JobField, string];
    return replacement(field).map((value) => ({ body: { ...job, [field]: value }, field }));
  });

function refusal(body: unknown): Error | undefined {
  try {
    decodeJob(typeof body === "string" ? body : JSON.stringify(body));
  } catch (error) {
    return error as Error;
  }
  return undefined;
}

describe("queued jobs", () => {
  it.each(TYPES)("of type %s come back from the queue exactly as they went in", (type) => {
    fc.assert(
      fc.property(jobOf(type), (job) => {
        expect(decodeJob(encodeJob(job))).toEqual(job);
      }),
      { numRuns: 50 },
    );
  });

  it("are refused when a required field is missing", () => {
    const missingOne = anyJobRequiringFields.chain((job) =>
      fc.constantFrom(...requiredOf(job.type)).map(([field]) => {
        const { [field as keyof Job]: _left, ...rest } = job;
        return rest;
      }),
    );
    fc.assert(
      fc.property(missingOne, (body) => {
        expect(refusal(body)?.message).toMatch(/^Not a job this worker understands/);
      }),
    );
  });

  it("are refused when a field is not a string, is empty or runs past its cap", () => {
    fc.assert(
      fc.property(
        withOneFieldReplaced(() => ILL_FORMED),
        ({ body, field }) => {
          expect(refusal(body)?.message, field).toMatch(/^Not a job this worker understands/);
        },
      ),
    );
  });

  it("are refused when a field breaks its identifier rule", () => {
    fc.assert(
      fc.property(
        withOneFieldReplaced((field) => BREAKS_RULE[field]),
        ({ body, field }) => {
          expect(refusal(body)?.message, field).toMatch(/^Not a job this worker understands/);
        },
      ),
    );
  });

  it("are refused, naming only the type, so a response URL never reaches the logs", () => {
    const withUrl = anyJob.filter((job) => "responseUrl" in job && job.responseUrl !== undefined);
    fc.assert(
      fc.property(withUrl, fc.constantFrom("javascript:x", ""), (job, badLogin) => {
        const error = refusal({
          ...job,
          githubLogin: badLogin,
          actorId: badLogin,
          userId: badLogin,
          teamSlug: badLogin,
        });
        expect(error?.message).toBe(`Not a job this worker understands (type "${job.type}").`);
      }),
    );
  });

  it("keep only the fields their type defines", () => {
    fc.assert(
      fc.property(anyJob, fc.string(), (job, extra) => {
        expect(decodeJob(JSON.stringify({ ...job, extra, requestIdentifier: extra }))).toEqual(job);
      }),
    );
  });

  it("are refused when their type is not one this version knows", () => {
    for (const type of [
      "constructor",
      "__proto__",
      "toString",
      "hasOwnProperty",
      "no-such-job",
      42,
      null,
      { toString: 1 },
    ]) {
      expect(refusal({ type, requestId: "00000000-0000-4000-8000-000000000000" })?.message).toMatch(
        /^Not a job this worker understands \(type /,
      );
    }
  });

  it("are refused, without echoing the body, when the message is not a job at all", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (body) => {
        let decoded: Job | undefined;
        try {
          decoded = decodeJob(body);
        } catch (error) {
          expect((error as Error).message).toMatch(/^Not a job this worker understands/);
          expect((error as Error).message.length).toBeLessThan(120);
        }
        if (decoded) expect(TYPES).toContain(decoded.type);
      }),
    );
  });
});
