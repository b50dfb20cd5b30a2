import { Parser } from 'htmlparser2';
import { z } from 'zod';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { openToken, signToken, uuidBytes, uuidText } from '../consent/index.ts';

/**
 * Tracking tokens are packed bytes signed with the workspace's link key (the consent module's
 * links use the same keys): kind (1), workspace id (16), message id (16) and, for a click, the
 * link's position in the message (2). Kinds 0x10 and up, so no consent link passes for one.
 */
const KIND = { open: 0x10, click: 0x11 } as const;
type TrackingKind = keyof typeof KIND;

export type TrackingPayload =
  | { kind: 'open'; workspaceId: string; messageId: string }
  | { kind: 'click'; workspaceId: string; messageId: string; position: number };

export const trackingTokenSchema = z.string().max(120).regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'not a tracking token');

function pack(payload: TrackingPayload): Buffer {
  const head = Buffer.concat([Buffer.from([KIND[payload.kind]]), uuidBytes(payload.workspaceId), uuidBytes(payload.messageId)]);
  if (payload.kind === 'open') return head;
  const position = Buffer.alloc(2);
  position.writeUInt16BE(payload.position);
  return Buffer.concat([head, position]);
}

function unpack(bytes: Buffer): TrackingPayload | null {
  const kind = (Object.keys(KIND) as TrackingKind[]).find((k) => KIND[k] === bytes[0]);
  if (!kind || bytes.length !== (kind === 'open' ? 33 : 35)) return null;
  const workspaceId = uuidText(bytes.subarray(1, 17));
  const messageId = uuidText(bytes.subarray(17, 33));
  return kind === 'open' ? { kind, workspaceId, messageId } : { kind, workspaceId, messageId, position: bytes.readUInt16BE(33) };
}

export const signTrackingToken = (db: Db, config: Config, payload: TrackingPayload) => signToken(db, config, payload.workspaceId, pack(payload));

/** The payload when the token is ours and untampered, else null. Tracking links do not expire. */
export async function verifyTrackingToken<K extends TrackingKind>(db: Db, config: Config, token: string, kind: K): Promise<Extract<TrackingPayload, { kind: K }> | null> {
  const bytes = await openToken(db, config, token, (b) => unpack(b)?.workspaceId ?? null);
  const payload = bytes ? unpack(bytes) : null;
  return payload?.kind === kind ? (payload as Extract<TrackingPayload, { kind: K }>) : null;
}

export interface LinkRewrite {
  /** The server's public address: links to its own unsubscribe and confirmation pages are left alone. */
  baseUrl: string;
  /** The redirect for a trackable URL; undefined leaves the link as it is. */
  clickUrlOf(url: string): string | undefined;
  /** The open pixel's address; null adds none. */
  pixelUrl: string | null;
}

const isHttp = (url: string) => /^https?:\/\//i.test(url);

/** Links tracking rewrites: http(s) and not the server's own unsubscribe, confirmation or tracking links. */
export function isTrackable(url: string, baseUrl: string): boolean {
  if (!isHttp(url)) return false;
  const base = baseUrl.replace(/\/$/, '');
  return !['/u/', '/c/confirm/', '/t/'].some((path) => url.startsWith(`${base}${path}`));
}

interface Anchor {
  start: number;
  end: number;
  attribs: Record<string, string>;
}

function anchorsOf(html: string): Anchor[] {
  const anchors: Anchor[] = [];
  const parser = new Parser({
    onopentag(name, attribs) {
      if (name === 'a') anchors.push({ start: parser.startIndex, end: parser.endIndex, attribs });
    },
  });
  parser.end(html);
  return anchors;
}

const isTrackedAnchor = (anchor: Anchor, baseUrl: string) =>
  anchor.attribs['data-no-track'] === undefined && !!anchor.attribs.href && isTrackable(anchor.attribs.href.trim(), baseUrl);

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

// A URL in running text ends before whitespace, quotes and brackets; trailing punctuation is the sentence's.
const TEXT_URL = /https?:\/\/[^\s<>"'()[\]]+/gi;
const trimUrl = (url: string) => url.replace(/[.,;:!?]+$/, '');

/** The trackable links of an email (HTML anchors, then URLs in the text part), each once, in order. */
export function trackableLinks(body: { html: string | null; text: string }, baseUrl: string): string[] {
  const fromHtml = body.html ? anchorsOf(body.html).filter((a) => isTrackedAnchor(a, baseUrl)).map((a) => a.attribs.href!.trim()) : [];
  const fromText = [...body.text.matchAll(TEXT_URL)].map((m) => trimUrl(m[0])).filter((url) => isTrackable(url, baseUrl));
  return [...new Set([...fromHtml, ...fromText])];
}

/**
 * Rewrites the HTML's trackable anchors to click redirects and appends the open pixel (before
 * </body> when there is one). Anchors with data-no-track, mailto: and the unsubscribe links stay.
 */
export function instrumentEmailHtml(html: string, rewrite: LinkRewrite): string {
  let result = '';
  let at = 0;
  for (const anchor of anchorsOf(html)) {
    const target = isTrackedAnchor(anchor, rewrite.baseUrl) ? rewrite.clickUrlOf(anchor.attribs.href!.trim()) : undefined;
    if (!target) continue;
    const attributes = Object.entries({ ...anchor.attribs, href: target })
      .map(([name, value]) => (value === '' && name !== 'href' ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`)).join('');
    result += `${html.slice(at, anchor.start)}<a${attributes}>`;
    at = anchor.end + 1;
  }
  result += html.slice(at);
  if (!rewrite.pixelUrl) return result;
  const pixel = `<img src="${escapeAttribute(rewrite.pixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
  const bodyEnd = result.search(/<\/body\s*>/i);
  return bodyEnd === -1 ? `${result}${pixel}` : `${result.slice(0, bodyEnd)}${pixel}${result.slice(bodyEnd)}`;
}

/** The plain-text part: trackable URLs become click redirects. */
export function instrumentEmailText(text: string, rewrite: LinkRewrite): string {
  return text.replace(TEXT_URL, (match) => {
    const url = trimUrl(match);
    const target = isTrackable(url, rewrite.baseUrl) ? rewrite.clickUrlOf(url) : undefined;
    return target ? `${target}${match.slice(url.length)}` : match;
  });
}
