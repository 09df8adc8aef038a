/** Waits for `work` to settle, but no longer than `ms`; its failure is not this wait's (the caller owns `work`). */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))));
  await Promise.race([work.catch(() => undefined), deadline]);
  clearTimeout(timer);
}
