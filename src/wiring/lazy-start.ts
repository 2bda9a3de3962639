import { forgetSecrets } from "../config/secrets.js";

/**
 * Builds a function's dependencies once per Lambda container, on its first invocation rather than at import (so a
 * configuration problem fails an invocation with its message, not the container's start). A failed build is
 * forgotten, secrets included, so the next invocation reads them again instead of failing forever.
 */
export function lazily<T>(build: () => Promise<T>): () => Promise<T> {
  let ready: Promise<T> | undefined;
  return () => {
    ready ??= build().catch((error) => {
      ready = undefined;
      forgetSecrets();
      throw error;
    });
    return ready;
  };
}
