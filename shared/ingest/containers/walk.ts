import { blobSource, concatBytes, isFolderSource, readHead, type ByteSource, type FolderSource, type InputItem } from '../bytes';
import { hashingTap, inThreadSha256, type Sha256Factory } from '../hash';
import { InputFormatError, LimitExceededError, type IngestLimits } from '../limits';
import { explainGzipError, gunzip, gunzippedName, gzipMemberName, nativeGunzip, type GzipInflater } from './gzip';
import { SNIFF_HEAD_BYTES, sniffContainer } from './sniff';
import { TarReader } from './tar';
import type { WalkNode } from './types';
import { listZip, type ZipFileItem } from './zip';

export interface WalkOptions {
  limits: IngestLimits;
  signal?: AbortSignal;
  /** The host's SHA-256 (default: hash-wasm on this thread). */
  sha256?: Sha256Factory;
  /** The host's native gzip inflater (default: DecompressionStream on this thread). */
  gunzip?: GzipInflater;
  /** Told the index of each picked item as its walk begins: the nodes that follow are its. */
  onItem?: (index: number) => void;
}

/** Stops the walk: a crossed limit the user may raise. */
class FatalWalkError extends Error {}

interface Ctx {
  limits: IngestLimits;
  signal?: AbortSignal;
  sha256: Sha256Factory;
  gunzip: GzipInflater;
  nextRef: number;
  entries: number;
}

/**
 * Walks the picked items: folders and archives open and close around their entries, archives are
 * recognised by content at every level, and every container is hashed as it is read. See
 * WalkNode for the contract the consumer follows.
 */
export async function* walkInputs(items: InputItem[], options: WalkOptions): AsyncGenerator<WalkNode> {
  const ctx: Ctx = { limits: options.limits, signal: options.signal, sha256: options.sha256 ?? inThreadSha256, gunzip: options.gunzip ?? nativeGunzip, nextRef: 1, entries: 0 };
  try {
    for (const [index, item] of items.entries()) {
      if (ctx.signal?.aborted) return;
      options.onItem?.(index);
      if (isFolderSource(item)) yield* walkFolder(item, ctx);
      else yield* walkSource(item, item.name, item.name, undefined, 0, ctx);
    }
  } catch (e) {
    if (e instanceof FatalWalkError) return;
    throw e;
  }
}

async function* walkFolder(folder: FolderSource, ctx: Ctx): AsyncGenerator<WalkNode> {
  const ref = ctx.nextRef++;
  yield { type: 'container-open', ref, kind: 'folder', name: folder.name, path: folder.name };
  let bytes = 0;
  for await (const { relativePath, source } of folder.entries()) {
    if (ctx.signal?.aborted) return;
    const counted = countEntry(ctx, `${folder.name}/${relativePath}`);
    if (counted) { yield counted; throw new FatalWalkError(); }
    bytes += source.size;
    yield* walkSource(source, source.name, `${folder.name}/${relativePath}`, ref, 1, ctx);
  }
  yield { type: 'container-close', ref, sha256: Promise.resolve(undefined), bytes };
}

/** A file with random access: zips are read in place, other archives as streams. */
async function* walkSource(
  source: ByteSource, name: string, path: string, parentRef: number | undefined, depth: number, ctx: Ctx,
): AsyncGenerator<WalkNode> {
  const head = await source.read(0, SNIFF_HEAD_BYTES);
  const kind = sniffContainer(head);
  if (kind === 'zip') {
    yield* walkZip(source, name, path, parentRef, depth, ctx, false);
    return;
  }
  const own = source.sha256;
  yield* walkStream(source.stream(), name, path, parentRef, depth, ctx, {
    size: source.size, reopen: () => source.stream(), sha256: own && (() => own.call(source)),
  });
}

async function* walkZip(
  source: ByteSource, name: string, path: string, parentRef: number | undefined, depth: number, ctx: Ctx, compressed: boolean,
): AsyncGenerator<WalkNode> {
  const ref = ctx.nextRef++;
  const deep = depthFailure(ctx, ref, path, depth);
  if (deep) { yield deep; throw new FatalWalkError(); }
  yield { type: 'container-open', ref, parentRef, kind: 'zip', name, path, bytes: source.size };
  // The zip is read by random access; its hash needs one sequential pass of its own, unless the
  // host hashes the file apart (then beside the entries).
  const hashing = source.sha256 ? source.sha256() : Promise.resolve(await hashStream(source.stream(), ctx.sha256));
  hashing.catch(() => undefined);
  /** The next entry, walked ahead while the one before it is parsed. */
  let ahead: WalkAhead | undefined;
  try {
    const items = await listZip(source, path, ctx.limits.maxExpansionRatio);
    const walkEntry = (item: ZipFileItem, stream: ReadableStream<Uint8Array>) =>
      walkStream(stream, baseName(item.name), `${path}!/${item.name}`, ref, depth + 1, ctx, {
        size: item.size, reopen: () => item.open(), compressed: compressed || item.deflated,
      });
    for (const [i, item] of items.entries()) {
      if (ctx.signal?.aborted) return;
      const entryPath = `${path}!/${item.name}`;
      const counted = countEntry(ctx, entryPath);
      if (counted) { yield counted; throw new FatalWalkError(); }
      if (item.unreadable) {
        yield { type: 'failure', ref: ctx.nextRef++, path: entryPath, message: item.unreadable, fatal: false };
        continue;
      }
      const mine = ahead?.item === item ? ahead : undefined;
      const next = items[i + 1];
      ahead = next && !next.unreadable ? new WalkAhead(next, (stream) => walkEntry(next, stream)) : undefined;
      if (mine) yield* mine.nodes();
      else yield* walkEntry(item, item.open());
    }
  } catch (e) {
    if (e instanceof FatalWalkError) throw e;
    yield failureFor(ref, path, e);
    if (e instanceof LimitExceededError) throw new FatalWalkError();
    return;
  } finally {
    // An entry walked ahead of a walk that stopped (cancelled, failed) is let go.
    ahead?.stop();
  }
  yield { type: 'container-close', ref, sha256: hashing, bytes: source.size };
}

interface StreamFacts {
  /** Size when known up front. */
  size?: number;
  /** Reads the bytes again from the start, where they can be (lets gzip use the native inflater). */
  reopen?: () => ReadableStream<Uint8Array>;
  /** The stream's SHA-256 computed apart from it (see ByteSource.sha256). */
  sha256?: () => Promise<string>;
  /** The stream is stored compressed in the picked item (see LeafEntry.compressed). */
  compressed?: boolean;
  /** Takes back a chunk the reader is done with (see LeafEntry.release). */
  release?: (chunk: Uint8Array) => void;
}

/**
 * A stream of unknown content: gzip and tar are unwrapped as they flow; zips are held for random
 * access.
 */
async function* walkStream(
  stream: ReadableStream<Uint8Array>, name: string, path: string, parentRef: number | undefined,
  depth: number, ctx: Ctx, facts: StreamFacts = {},
): AsyncGenerator<WalkNode> {
  const { size, reopen } = facts;
  const { head, rest } = await peek(stream, SNIFF_HEAD_BYTES);
  const kind = sniffContainer(head);
  if (kind === null) {
    const ref = ctx.nextRef++;
    let opened = false;
    yield {
      type: 'entry', ref, parentRef, name, path, size, sha256: facts.sha256, compressed: facts.compressed === true,
      release: facts.release, open: () => { opened = true; return rest; },
    };
    // A consumer that skipped the entry still has to move the stream past it.
    if (!opened) await rest.cancel().catch(() => undefined);
    return;
  }
  if (kind === 'zip') {
    const held = await holdForRandomAccess(rest, path, ctx);
    if (held instanceof Error) {
      yield failureFor(ctx.nextRef++, path, held);
      if (held instanceof LimitExceededError) throw new FatalWalkError();
      return;
    }
    yield* walkZip(blobSource(name, held), name, path, parentRef, depth, ctx, facts.compressed === true);
    return;
  }

  const ref = ctx.nextRef++;
  const deep = depthFailure(ctx, ref, path, depth);
  if (deep) { await rest.cancel().catch(() => undefined); yield deep; throw new FatalWalkError(); }
  yield { type: 'container-open', ref, parentRef, kind, name, path, bytes: size };
  let digest: { sha256: Promise<string>; bytes: number } | undefined;
  const onDigest = (sha256: Promise<string>, bytes: number) => { digest = { sha256, bytes }; };
  const apart = facts.sha256?.();
  apart?.catch(() => undefined);
  const tap = (s: ReadableStream<Uint8Array>) => (apart ? s : hashingTap(s, onDigest, ctx.sha256));
  const tapped = tap(rest);
  // A second pass is hashed too; only a pass read to its end reports a digest.
  const again = reopen && (() => tap(reopen()));
  let failure: unknown;
  const inflated = kind === 'gzip' ? gunzip(tapped, ctx.limits.maxExpansionRatio, path, again, ctx.gunzip, ctx.sha256) : undefined;
  const watched = watchErrors(inflated ? inflated.stream : tapped, (e) => { failure ??= e; });

  if (inflated) {
    const inner = gzipMemberName(head) ?? gunzippedName(name);
    // The inflated bytes are hashed where they are inflated (see gunzip). Only a log read
    // straight from the inflater may hand its chunks back: a tar inside cuts entries out of them.
    yield* walkStream(watched, inner, `${path}!/${inner}`, ref, depth + 1, ctx, { sha256: inflated.sha256, compressed: true, release: inflated.release });
  } else {
    const tar = new TarReader(watched, path);
    try {
      for (;;) {
        if (ctx.signal?.aborted) { await tar.cancel(); return; }
        const entry = await tar.next();
        if (!entry) break;
        const entryPath = `${path}!/${entry.name}`;
        const counted = countEntry(ctx, entryPath);
        if (counted) { await tar.cancel(); yield counted; throw new FatalWalkError(); }
        yield* walkStream(entry.stream, baseName(entry.name), entryPath, ref, depth + 1, ctx, { size: entry.size, compressed: facts.compressed });
      }
      // Read to the true end so the hash covers every byte of the archive.
      await drain(tar);
    } catch (e) {
      if (e instanceof FatalWalkError) throw e;
      failure ??= e;
    }
  }
  if (failure !== undefined) {
    yield failureFor(ref, path, kind === 'gzip' ? explainGzipError(failure, path) : failure);
    if (failure instanceof LimitExceededError) throw new FatalWalkError();
    return;
  }
  yield { type: 'container-close', ref, sha256: apart ?? digest?.sha256 ?? Promise.resolve(undefined), bytes: digest?.bytes ?? size ?? 0 };
}

/**
 * The walk of a zip's next entry, begun while the entry before it is parsed, so that it starts
 * without waiting: it reads the entry's first bytes and, when they are a log or a gzip member,
 * walks on to the first log, a gzip member's inflater started and its first bytes inflated. It
 * goes no further, and not into other containers, whose walk depends on its turn (a tar's
 * entries are counted against the limit in order, a zip inside is held whole). What it yields
 * meanwhile is held, and handed on in its turn.
 */
class WalkAhead {
  private readonly held: WalkNode[] = [];
  private walk: AsyncGenerator<WalkNode> | undefined;
  private ended = false;
  private readonly opened: ReadableStream<Uint8Array>;
  private readonly begun: Promise<void>;

  constructor(readonly item: ZipFileItem, start: (stream: ReadableStream<Uint8Array>) => AsyncGenerator<WalkNode>) {
    this.opened = item.open();
    this.begun = this.begin(start);
    // A failure is the entry's, reported in its turn (nodes).
    this.begun.catch(() => undefined);
  }

  private async begin(start: (stream: ReadableStream<Uint8Array>) => AsyncGenerator<WalkNode>): Promise<void> {
    const { head, rest } = await peek(this.opened, SNIFF_HEAD_BYTES);
    const kind = sniffContainer(head);
    const walk = (this.walk = start(rest));
    if (kind !== null && kind !== 'gzip') return;
    for (;;) {
      const step = await walk.next();
      if (step.done) { this.ended = true; return; }
      this.held.push(step.value);
      if (step.value.type !== 'container-open' || step.value.kind !== 'gzip') return;
    }
  }

  /** The entry's walk, in its turn: what was walked ahead, then the rest. */
  async *nodes(): AsyncGenerator<WalkNode> {
    await this.begun;
    yield* this.held.splice(0);
    if (!this.ended && this.walk) yield* this.walk;
  }

  /** The walk stopped before this entry's turn: its stream is let go (which stops its inflater). */
  stop(): void {
    if (this.walk) void this.walk.return(undefined).catch(() => undefined);
    if (!this.opened.locked) void this.opened.cancel().catch(() => undefined);
  }
}

async function drain(tar: TarReader): Promise<void> {
  await tar.readToEnd();
}

function countEntry(ctx: Ctx, path: string): WalkNode | null {
  ctx.entries++;
  if (ctx.entries <= ctx.limits.maxEntries) return null;
  return {
    type: 'failure', ref: ctx.nextRef++, path, fatal: true, limit: 'maxEntries',
    message: `The archives hold more than ${ctx.limits.maxEntries.toLocaleString('en-US')} entries, the entry limit. ` +
      'Raise the limit in the import options to read them all.',
  };
}

function depthFailure(ctx: Ctx, ref: number, path: string, depth: number): WalkNode | null {
  if (depth < ctx.limits.maxNestingDepth) return null;
  return {
    type: 'failure', ref, path, fatal: true, limit: 'maxNestingDepth',
    message: `${path} is nested ${depth + 1} archives deep, past the nesting limit of ${ctx.limits.maxNestingDepth}. ` +
      'Raise the limit in the import options to open it.',
  };
}

function failureFor(ref: number, path: string, e: unknown): WalkNode {
  const limit = e instanceof LimitExceededError ? e.limit : undefined;
  const message = e instanceof Error ? e.message : String(e);
  return { type: 'failure', ref, path, message, limit, fatal: limit !== undefined };
}

/** A nested zip needs random access, so it is held in a Blob (spilled to disk by browsers). */
async function holdForRandomAccess(stream: ReadableStream<Uint8Array>, path: string, ctx: Ctx): Promise<Blob | Error> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > ctx.limits.maxBufferedEntryBytes) {
        await reader.cancel();
        return new LimitExceededError('maxBufferedEntryBytes', total,
          `${path} is a zip inside another archive larger than ${ctx.limits.maxBufferedEntryBytes.toLocaleString('en-US')} bytes, ` +
          'the most Tidemark holds for random access. Extract it and import it directly, or raise the limit.');
      }
      parts.push(value);
    }
  } catch (e) {
    return e instanceof Error ? e : new InputFormatError(String(e));
  }
  return new Blob(parts as Uint8Array<ArrayBuffer>[]);
}

async function hashStream(stream: ReadableStream<Uint8Array>, createHash: Sha256Factory): Promise<string> {
  const hasher = await createHash();
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    await hasher.update(value);
  }
  return hasher.digestHex();
}

/** Reads the first `n` bytes (or fewer at the end) and gives back a stream that starts over. */
async function peek(stream: ReadableStream<Uint8Array>, n: number): Promise<{ head: Uint8Array; rest: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const { parts, ended, failure } = await readHead(reader, n);
  const head = concatBytes(parts, n);
  let i = 0;
  const rest = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i < parts.length) { controller.enqueue(parts[i++]!); return; }
      if (failure) { controller.error(failure.error); return; }
      if (ended) { controller.close(); return; }
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (e) {
        controller.error(e);
      }
    },
    cancel(reason) { return reader.cancel(reason); },
  }, readAhead());
  return { head, rest };
}

/** Passes a stream through, remembering the first error it carries. */
function watchErrors(stream: ReadableStream<Uint8Array>, onError: (e: unknown) => void): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (e) {
        onError(e);
        controller.error(e);
      }
    },
    cancel(reason) { return reader.cancel(reason); },
  }, readAhead());
}

/**
 * Lets a stream read a few MiB ahead of its consumer, so decompression (off-thread) overlaps
 * with parsing instead of alternating with it.
 */
function readAhead(): QueuingStrategy<Uint8Array> {
  return new ByteLengthQueuingStrategy({ highWaterMark: 4 << 20 });
}

function baseName(p: string): string {
  const parts = p.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? p;
}
