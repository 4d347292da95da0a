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

export function hasJsonBody(req: IncomingMessage): boolean {
  const mediaType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return mediaType !== undefined && ACCEPTED_BODY_TYPES.has(mediaType);
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
