import type { z } from 'zod';

/**
 * Cooperative slicing for long synchronous work on the server (report derivation, verdicts over a
 * capped session): the work runs in slices of at most `budgetMs` and gives the event loop back
 * between slices with setImmediate, so other requests, timers and I/O run in between. The result
 * is the same as the synchronous loop's; only the scheduling differs. Pure of I/O: usable in scripts.
 */

/** Default slice budget: well under the 100 ms blocking target, leaving room for one slow item. */
export const SLICE_BUDGET_MS = 20;
/** How often (items) the clock is read; reading it per item would cost more than cheap items. */
const CHECK_EVERY = 16;

export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Calls fn for every item in order, yielding to the event loop whenever a slice used its budget. */
export async function forEachSliced<T>(
  items: readonly T[],
  fn: (item: T, index: number) => void,
  budgetMs = SLICE_BUDGET_MS,
): Promise<void> {
  let sliceStart = performance.now();
  for (let i = 0; i < items.length; i++) {
    fn(items[i]!, i);
    if ((i + 1) % CHECK_EVERY === 0 && performance.now() - sliceStart >= budgetMs) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
}

/** Maps items in order (sliced like forEachSliced). */
export async function mapSliced<T, U>(
  items: readonly T[],
  fn: (item: T, index: number) => U,
  budgetMs = SLICE_BUDGET_MS,
): Promise<U[]> {
  const out: U[] = new Array<U>(items.length);
  await forEachSliced(items, (x, i) => (out[i] = fn(x, i)), budgetMs);
  return out;
}

/** Validates untrusted rows with a zod schema, in slices; rows that do not parse are skipped. */
export async function parseSliced<S extends z.ZodType>(
  rows: readonly unknown[],
  schema: S,
  budgetMs = SLICE_BUDGET_MS,
): Promise<Array<z.infer<S>>> {
  const out: Array<z.infer<S>> = [];
  await forEachSliced(
    rows,
    (r) => {
      const p = schema.safeParse(r);
      if (p.success) out.push(p.data);
    },
    budgetMs,
  );
  return out;
}
