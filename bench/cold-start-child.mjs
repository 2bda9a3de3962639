// Runs in a fresh Node.js process, as a Lambda container's first invocation would: loads one bundle and, if given
// an event, hands it to the handler. Prints the timings as one JSON line. performance.now() counts from process start.
import { pathToFileURL } from "node:url";

const [file, eventJson] = process.argv.slice(2);
const startedImport = performance.now();
const cpuBefore = process.cpuUsage();
const bundle = await import(pathToFileURL(file).href);
const loaded = performance.now();
const cpu = process.cpuUsage(cpuBefore);
// CPU time as well as elapsed time: on a busy machine the elapsed time also counts the wait for a free core.
const result = { loadMs: loaded - startedImport, loadCpuMs: (cpu.user + cpu.system) / 1000 };
if (eventJson) {
  const response = await bundle.handler(JSON.parse(eventJson), { functionName: "bench", awsRequestId: "cold" });
  Object.assign(result, { firstAckMs: performance.now(), statusCode: response?.statusCode });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
