import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaTypeOf, send } from '../common/http.ts';

const JSON_API = 'application/vnd.api+json';

// Request bodies: the JSON:API media type, or plain JSON as TPP's own PHP client sends.
const ACCEPTED_BODY_TYPES = new Set([JSON_API, 'application/json']);

export interface ApiError {
  id?: string;
  status?: string;
  code: string;
  title: string;
  meta?: Record<string, string>;
  links?: { about: string };
}

export function sendDocument(
  res: ServerResponse,
  status: number,
  document: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON_API, JSON.stringify(document), headers);
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  title: string,
  headers: Record<string, string> = {},
): void {
  sendDocument(res, status, { errors: [{ status: String(status), code, title }] }, headers);
}

// The OAuth endpoints answer plain JSON, never cached (RFC 6749 5.1).
export function sendOAuthJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, 'application/json', JSON.stringify(body), {
    ...headers,
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  });
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  send(res, status, 'text/plain; charset=utf-8', text);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, 'Content-Length': 0 });
  res.end();
}

export function hasJsonBody(req: IncomingMessage): boolean {
  const mediaType = mediaTypeOf(req);
  return mediaType !== undefined && ACCEPTED_BODY_TYPES.has(mediaType);
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}
