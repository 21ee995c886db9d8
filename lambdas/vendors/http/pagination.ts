import type { PaginationOptions } from "./httpOptions";
import { readPath } from "./jsonPath";

/**
 * Key-list pagination of the configurable adapter. Styles:
 * - `none`: one request.
 * - `page`: `pageParam` = `firstPage` (default 1), +1 per page, until a page is
 *   empty, shorter than `pageSize`, or the number at `totalPagesPath` is reached.
 * - `nextUrl`: follow the URL at `nextUrlPath` in the body, or the
 *   `Link: <…>; rel="next"` header, until there is none. Relative URLs resolve
 *   against the current page; a URL on another origin is refused (the admin
 *   credential goes only to the configured vendor).
 * - `cursor`: send `cursorParam` = the value at `cursorPath` of the previous
 *   page, until it is empty, the boolean at `hasMorePath` is not `true`, or a
 *   page is empty.
 * `sizeParam` = `pageSize` is sent on the first request of every style.
 */

/** One fetched page: its body, headers, how many items it listed, and those kept. */
export interface ListPage<T> {
  readonly body: unknown;
  readonly headers: Headers;
  /** Items at `list.items` on this page, kept or not (an empty page ends the list). */
  readonly count: number;
  readonly items: readonly T[];
}

/** What the collector needs from the adapter. */
export interface PageSource<T> {
  readonly pagination: PaginationOptions;
  readonly maxPages: number;
  /** The list URL, query parameters of the template included. */
  readonly firstUrl: URL;
  fetchPage(url: URL): Promise<ListPage<T>>;
  /** Throws the adapter's error for a pagination the vendor answered inconsistently. */
  fail(reason: string): never;
}

/** Every item of every page, in order. */
export async function collectItems<T>(source: PageSource<T>): Promise<T[]> {
  const { pagination } = source;
  const items: T[] = [];
  const seen = new Set<string>();
  let url: URL | undefined = firstPageUrl(pagination, source.firstUrl);
  for (let page = 0; url !== undefined; page += 1) {
    if (page === source.maxPages) {
      source.fail(
        `read ${source.maxPages} pages and the vendor still reports more; raise \`list.maxPages\``,
      );
    }
    if (seen.has(url.href))
      source.fail(`its pagination returned to a page already read (${url.pathname})`);
    seen.add(url.href);
    const current = await source.fetchPage(url);
    items.push(...current.items);
    url = nextPageUrl(source, url, current);
  }
  return items;
}

/** The first page's URL: the size parameter and, for `page`, the first page number added. */
export function firstPageUrl(pagination: PaginationOptions, listUrl: URL): URL {
  const url = new URL(listUrl);
  if (pagination.sizeParam !== undefined && pagination.pageSize !== undefined) {
    url.searchParams.set(pagination.sizeParam, String(pagination.pageSize));
  }
  if (pagination.style === "page" && pagination.pageParam !== undefined) {
    url.searchParams.set(pagination.pageParam, String(pagination.firstPage ?? 1));
  }
  return url;
}

/** The URL of the page after `current`, or `undefined` when it was the last. */
export function nextPageUrl<T>(
  source: PageSource<T>,
  url: URL,
  current: ListPage<T>,
): URL | undefined {
  const { pagination } = source;
  if (current.count === 0) return undefined;
  switch (pagination.style) {
    case "none":
      return undefined;
    case "page":
      return nextPage(pagination, url, current);
    case "nextUrl":
      return nextLink(source, url, current);
    case "cursor":
      return nextCursor(pagination, url, current);
  }
}

function nextPage<T>(
  pagination: PaginationOptions,
  url: URL,
  current: ListPage<T>,
): URL | undefined {
  const param = pagination.pageParam ?? "page";
  const number = Number(url.searchParams.get(param));
  if (pagination.pageSize !== undefined && current.count < pagination.pageSize) return undefined;
  if (pagination.totalPagesPath !== undefined) {
    const total = Number(readPath(current.body, pagination.totalPagesPath));
    const pagesRead = number - (pagination.firstPage ?? 1) + 1;
    if (!Number.isFinite(total) || pagesRead >= total) return undefined;
  }
  const next = new URL(url);
  next.searchParams.set(param, String(number + 1));
  return next;
}

function nextLink<T>(source: PageSource<T>, url: URL, current: ListPage<T>): URL | undefined {
  const { pagination } = source;
  const link =
    pagination.nextUrlFrom === "linkHeader"
      ? linkHeaderNext(current.headers.get("link"))
      : readPath(current.body, pagination.nextUrlPath ?? "");
  if (typeof link !== "string" || link === "") return undefined;
  let next: URL;
  try {
    next = new URL(link, url);
  } catch {
    return source.fail("its next-page link is not a URL");
  }
  if (next.origin !== url.origin) {
    source.fail(
      `its next-page link points to another origin (${next.origin}); the admin credential is sent only to ${url.origin}`,
    );
  }
  return next;
}

/** The `rel="next"` target of an RFC 8288 `Link` header, if any. */
export function linkHeaderNext(header: string | null): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match === null) continue;
    const rels = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? "");
    const rel = (rels?.[1] ?? rels?.[2] ?? "").toLowerCase().split(/\s+/);
    if (rel.includes("next")) return match[1];
  }
  return undefined;
}

function nextCursor<T>(
  pagination: PaginationOptions,
  url: URL,
  current: ListPage<T>,
): URL | undefined {
  if (
    pagination.hasMorePath !== undefined &&
    readPath(current.body, pagination.hasMorePath) !== true
  ) {
    return undefined;
  }
  const cursor = readPath(current.body, pagination.cursorPath ?? "");
  if ((typeof cursor !== "string" && typeof cursor !== "number") || cursor === "") return undefined;
  const next = new URL(url);
  next.searchParams.set(pagination.cursorParam ?? "cursor", String(cursor));
  return next;
}
