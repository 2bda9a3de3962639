/** Matches the DynamoDB JSON of a `PutItem` whose item is of `type` (`request`, `open-request`, …), e.g. to fail it. */
export const isItemOfType =
  (type: string) =>
  (input: Record<string, unknown>): boolean =>
    (input.Item as { type?: { S?: string } } | undefined)?.type?.S === type;

/** Matches the DynamoDB JSON of a person's profile item (the GitHub login remembered for them), e.g. to fail its writes. */
export const isProfileItem = isItemOfType("user");
