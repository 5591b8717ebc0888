const KEY = 'slipway.session-token';

/**
 * The session's API token lives in sessionStorage: it survives reloads of this tab but not the
 * tab itself, is never sent by the browser on its own (unlike a cookie, so no CSRF), and is not
 * shared with other tabs or kept on disk after the browser closes (unlike localStorage).
 */
export const tokenStorage = {
  get(): string | undefined {
    return window.sessionStorage.getItem(KEY) ?? undefined;
  },
  set(token: string): void {
    window.sessionStorage.setItem(KEY, token);
  },
  clear(): void {
    window.sessionStorage.removeItem(KEY);
  },
};
