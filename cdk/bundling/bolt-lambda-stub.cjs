// Stands in for the modules that only Bolt's HTTP, Express and Socket Mode receivers (and their OAuth installer) use.
// The Slack-facing Lambda runs Bolt with AwsLambdaReceiver, which never touches them, yet Bolt's entry point loads
// every receiver: bundling them would add about 1.3 MB (undici, Express, iconv-lite, @slack/oauth) to a function
// whose cold start Slack waits for. Anything that does reach this stub fails loudly instead of misbehaving.
const stub = new Proxy(
  {},
  {
    get(_target, name) {
      // Bolt's CommonJS interop asks whether this is an ES module, to use the object itself as the default export.
      if (name === "__esModule") return true;
      // Not a promise, not convertible: only named exports are stubbed.
      if (typeof name === "symbol" || name === "then") return undefined;
      return function notBundled() {
        throw new Error(
          `${String(name)} is not in the Slack-facing Lambda bundle: it runs Bolt with AwsLambdaReceiver only (see cdk/constructs/bot-function.ts). Use \`npm start\` for the HTTP and Socket Mode receivers.`,
        );
      };
    },
  },
);

module.exports = stub;
