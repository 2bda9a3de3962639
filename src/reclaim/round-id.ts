/** Round ids: the local date of a weekly round, or the UTC time of one an admin started. Part of DynamoDB keys. */
export const ROUND_ID = /^\d{4}-\d{2}-\d{2}(?:T\d{2}-\d{2}-\d{2})?$/;
export const isRoundId = (text: string): boolean => ROUND_ID.test(text);
