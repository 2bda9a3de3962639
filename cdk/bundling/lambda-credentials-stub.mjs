// Stands in for the AWS SDK's credential sources that a Lambda function never uses: profile files, SSO, a credential
// process, web identity tokens, container and EC2 instance metadata. Lambda puts the function's role credentials in
// its environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which the SDK's default chain reads
// first and stops at. The SDK loads the others only if that fails, yet bundling them (with the SSO, SSO-OIDC and STS
// clients they bring) makes up a fifth of the Slack-facing bundle, parsed on every cold start Slack waits for.
// If the chain ever gets here, it stops with this error instead of looking elsewhere.

function notBundled(source) {
  return () => async () => {
    throw new Error(
      `AWS credentials from ${source} are not in the Slack-facing Lambda bundle, which reads them from the environment as Lambda provides them (see cdk/constructs/bot-function.ts). Check that AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set.`,
    );
  };
}

export const fromSSO = notBundled("AWS IAM Identity Center (SSO)");
export const fromIni = notBundled("a shared config or credentials file");
export const fromProcess = notBundled("a credential process");
export const fromTokenFile = notBundled("a web identity token file");
export const fromHttp = notBundled("a container credentials endpoint");
export const fromContainerMetadata = notBundled("container metadata");
export const fromInstanceMetadata = notBundled("EC2 instance metadata");
// The names the SDK's remote provider checks before it picks a source.
export const ENV_CMDS_FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
export const ENV_CMDS_RELATIVE_URI = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
