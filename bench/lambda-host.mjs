// A warm Lambda container for one bundle: loads it once, then runs each event the parent sends over IPC and answers
// with the handler's response and how long it took.
import { pathToFileURL } from "node:url";

const bundle = await import(pathToFileURL(process.argv[2]).href);
let invocation = 0;
process.on("message", async ({ id, event }) => {
  const started = performance.now();
  try {
    const response = await bundle.handler(event, { functionName: "bench", awsRequestId: String(++invocation) });
    process.send({ id, ms: performance.now() - started, statusCode: response?.statusCode, body: response?.body });
  } catch (error) {
    process.send({ id, ms: performance.now() - started, error: String(error?.stack ?? error) });
  }
});
process.send({ ready: true });
