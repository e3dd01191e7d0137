import type { RouteLocationRaw } from 'vue-router';

/** Only same-origin console paths may be returned to after signing in (no `//evil.example`, no loop to /login). */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login') ? value : null;
}

/** The sign-in page, remembering where to return to unless that is the Overview. */
export function loginLocation(returnTo?: string): RouteLocationRaw {
  const redirect = returnTo && returnTo !== '/' ? safeRedirect(returnTo) : null;
  return { name: 'login', query: redirect ? { redirect } : {} };
}
