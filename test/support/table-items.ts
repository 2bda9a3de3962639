/** Matches the DynamoDB JSON of a person's profile item (the GitHub login remembered for them), e.g. to fail its writes. */
export function isProfileItem(input: Record<string, unknown>): boolean {
  return (input.Item as { type?: { S?: string } } | undefined)?.type?.S === "user";
}
