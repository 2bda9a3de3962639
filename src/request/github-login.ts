import { isGitHubLogin } from "../identifiers.js";
import { escapeMrkdwn } from "../slack/mrkdwn.js";
import { RequestCheckError } from "./errors.js";

export function isValidGitHubLogin(login: string): boolean {
  return isGitHubLogin(login);
}

/** Returns the login without a leading `@`, or throws a message that says what is wrong with it. */
export function parseGitHubLogin(input: string): string {
  const login = input.trim().replace(/^@/, "");
  if (isValidGitHubLogin(login)) return login;
  const shown = escapeMrkdwn(login);
  let problem = "GitHub logins use only letters, digits and single hyphens, and do not start or end with a hyphen";
  if (login.length === 0) problem = "the GitHub username is empty";
  else if (login.length > 39) problem = `it is ${login.length} characters long; GitHub allows at most 39`;
  else if (login.includes("--")) problem = "GitHub logins cannot contain two hyphens in a row";
  throw new RequestCheckError("INVALID_LOGIN", `\`${shown}\` is not a valid GitHub username: ${problem}.`);
}
