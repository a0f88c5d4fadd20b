/**
 * Sorting matches by time without a comparator callback per pair. Matches arrive segment by
 * segment, and a segment's rows are almost always already in time order (a log is written as
 * time goes on), so each segment is a sorted run; runs are merged pairwise, bottom-up, in
 * O(n log runs) with typed arrays. A run that is not sorted is sorted on its own first.
 * Ties keep store order (segment, then row), so pages are stable.
 */
export class SortedRunsBuilder {
  private ts = new Float64Array(1024);
  private ids = new Float64Array(1024);
  private n = 0;
  private readonly runStarts: number[] = [];
  private runSorted = true;

  /** Starts the run of the next segment; rows of one run must be added in row order. */
  beginRun(): void {
    this.closeRun();
    this.runStarts.push(this.n);
    this.runSorted = true;
  }

  add(ts: number, id: number): void {
    if (this.n === this.ts.length) this.grow();
    const start = this.runStarts[this.runStarts.length - 1] ?? 0;
    if (this.n > start && ts < this.ts[this.n - 1]!) this.runSorted = false;
    this.ts[this.n] = ts;
    this.ids[this.n] = id;
    this.n++;
  }

  /** The matches in (time, id) order. */
  finish(): { ts: Float64Array; ids: Float64Array } {
    this.closeRun();
    let ts = this.ts.subarray(0, this.n);
    let ids = this.ids.subarray(0, this.n);
    // Run boundaries, without the empty runs of segments that matched nothing.
    let bounds: number[] = [];
    for (const b of [0, ...this.runStarts, this.n]) if (bounds[bounds.length - 1] !== b) bounds.push(b);
    let outTs = new Float64Array(this.n);
    let outIds = new Float64Array(this.n);
    while (bounds.length > 2) {
      const next: number[] = [0];
      for (let r = 0; r + 1 < bounds.length; r += 2) {
        const a = bounds[r]!, mid = bounds[r + 1]!, end = bounds[r + 2] ?? mid;
        mergeRuns(ts, ids, a, mid, end, outTs, outIds);
        next.push(end);
      }
      [ts, outTs] = [outTs, ts];
      [ids, outIds] = [outIds, ids];
      bounds = next;
    }
    return { ts: ts.slice(), ids: ids.slice() };
  }

  private closeRun(): void {
    if (this.runSorted || this.runStarts.length === 0) return;
    const start = this.runStarts[this.runStarts.length - 1]!;
    sortRun(this.ts, this.ids, start, this.n);
    this.runSorted = true;
  }

  private grow(): void {
    const ts = new Float64Array(this.ts.length * 2);
    ts.set(this.ts);
    const ids = new Float64Array(this.ids.length * 2);
    ids.set(this.ids);
    this.ts = ts;
    this.ids = ids;
  }
}

function mergeRuns(ts: Float64Array, ids: Float64Array, a: number, mid: number, end: number, outTs: Float64Array, outIds: Float64Array): void {
  let i = a, j = mid, k = a;
  while (i < mid && j < end) {
    // Left wins ties: its ids are smaller (runs are in segment order), which keeps store order.
    if (ts[j]! < ts[i]!) { outTs[k] = ts[j]!; outIds[k++] = ids[j++]!; } else { outTs[k] = ts[i]!; outIds[k++] = ids[i++]!; }
  }
  while (i < mid) { outTs[k] = ts[i]!; outIds[k++] = ids[i++]!; }
  while (j < end) { outTs[k] = ts[j]!; outIds[k++] = ids[j++]!; }
}

/** Sorts one run by (time, id): rare, so a plain index sort is enough. */
function sortRun(ts: Float64Array, ids: Float64Array, start: number, end: number): void {
  const idx = Array.from({ length: end - start }, (_, i) => start + i).sort((x, y) => ts[x]! - ts[y]! || ids[x]! - ids[y]!);
  const t = idx.map((i) => ts[i]!);
  const d = idx.map((i) => ids[i]!);
  ts.set(t, start);
  ids.set(d, start);
}
