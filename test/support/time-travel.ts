import { vi } from "vitest";

/**
 * Time passes (leases and sweep thresholds run out) without the test waiting for it. The clock only ever moves
 * forward, and keeps running, so clients that measure elapsed time never see it go back; restore it with
 * `vi.useRealTimers()` once the file is done.
 */
export function advanceMinutes(minutes: number): void {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(now + minutes * 60_000);
}
