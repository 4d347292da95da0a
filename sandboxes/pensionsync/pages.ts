import type { Intermediary } from './intermediaries.ts';
import type { Scope } from './scopes.ts';

/** The browser pages: the dashboard a one-time link opens and the provider's authorisation page. */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

export function dashboardPage(intermediary: Intermediary): string {
  return page(
    'PensionSync dashboard',
    `<p>Intermediary: <strong id="intermediary-name">${escapeHtml(intermediary.name)}</strong></p>
<p>Intermediary id: <code id="intermediary-id">${escapeHtml(intermediary.intermediaryId)}</code></p>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<p>${escapeHtml(message)}</p>`);
}

/** The form posts back to the page's own URL (no action attribute), as application/x-www-form-urlencoded. */
export function authorisationPage(scope: Scope, destinationName: string): string {
  return page(
    'Authorise PensionSync',
    `<p>Employer (scheme reference): <strong id="employer-id">${escapeHtml(scope.employerId)}</strong></p>
<p>Pension provider: <strong id="destination">${escapeHtml(destinationName)} (${escapeHtml(scope.destinationId)})</strong></p>
<p>Status: <span id="status">${escapeHtml(scope.status)}</span></p>
<form method="post">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="refuse">Refuse</button>
</form>`,
  );
}

export function decisionPage(scope: Scope): string {
  return page(
    `Scope ${scope.status}`,
    `<p>Employer ${escapeHtml(scope.employerId)} at ${escapeHtml(scope.destinationId)} is now <span id="status">${escapeHtml(scope.status)}</span>.</p>`,
  );
}
