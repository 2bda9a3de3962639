import { isGitHubLogin } from "../identifiers.js";
import { RequestCheckError } from "./errors.js";

export function isValidGitHubLogin(login: string): boolean {
  return isGitHubLogin(login);
}

/** Returns the login without a leading `@`, or throws an error that says what is wrong with it. */
export function parseGitHubLogin(input: string): string {
  const login = input.trim().replace(/^@/, "");
  if (isValidGitHubLogin(login)) return login;
  let flaw: "empty" | "too-long" | "double-hyphen" | "characters" = "characters";
  if (login.length === 0) flaw = "empty";
  else if (login.length > 39) flaw = "too-long";
  else if (login.includes("--")) flaw = "double-hyphen";
  throw new RequestCheckError({ code: "INVALID_LOGIN", params: { login, flaw } });
}
