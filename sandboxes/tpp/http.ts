import type { IncomingMessage, ServerResponse } from 'node:http';

export const JSON_API = 'application/vnd.api+json';

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
  const body = JSON.stringify(document);
  res.writeHead(status, {
    ...headers,
    'Content-Type': JSON_API,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
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
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, 'Content-Length': 0 });
  res.end();
}

function mediaTypeOf(req: IncomingMessage): string | undefined {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
}

export function hasJsonBody(req: IncomingMessage): boolean {
  const mediaType = mediaTypeOf(req);
  return mediaType !== undefined && ACCEPTED_BODY_TYPES.has(mediaType);
}

export function hasFormBody(req: IncomingMessage): boolean {
  return mediaTypeOf(req) === 'application/x-www-form-urlencoded';
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

// Links are absolute and follow the Host the client used, as the real API's links follow its public host.
export function originOf(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host ? `http://${host}` : fallback;
}
