import type { ServerResponse } from 'node:http';
import { send } from '../common/http.ts';

export function sendJson(
  res: ServerResponse,
  status: number,
  document: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, 'application/json', JSON.stringify(document), headers);
}

/** Every 4xx of the API has this one shape (wire doc, "Errors"). */
export function sendMessage(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { message }, headers);
}

export function sendXml(res: ServerResponse, status: number, xml: string): void {
  send(res, status, 'application/xml; charset=utf-8', xml);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, 'text/html; charset=utf-8', html, { 'Cache-Control': 'no-store' });
}
