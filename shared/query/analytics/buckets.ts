/** Bucket widths a responder reads without arithmetic: whole seconds, minutes, hours, days. */
const NICE_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
  60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000, 30 * 60_000,
  3_600_000, 2 * 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000,
  86_400_000, 2 * 86_400_000, 7 * 86_400_000, 14 * 86_400_000, 30 * 86_400_000,
];

/** The smallest nice bucket width giving at most `maxBuckets` buckets over `spanMs`. */
export function bucketSize(spanMs: number, maxBuckets: number, minMs = 1_000): number {
  for (const ms of NICE_MS) if (ms >= minMs && spanMs / ms <= maxBuckets) return ms;
  return Math.ceil(spanMs / maxBuckets / 86_400_000) * 86_400_000;
}

export function bucketStart(t: number, bucketMs: number): number {
  return Math.floor(t / bucketMs) * bucketMs;
}
