/**
 * How many items a page of a list shows: the first page, drawn by the command, and the next ones, drawn by the worker
 * when a More button is clicked, must agree.
 */
export const WAITING_PAGE_SIZE = 15;
export const AUDIT_PAGE_SIZE = 20;
