/** How long a download's blob URL is kept: the browser has long started reading it by then. */
const BLOB_URL_LIFETIME_MS = 60_000;

/**
 * Saves a Blob as a file through a temporary `<a download>` on a blob URL. Downloads go through the
 * SDK (the API needs the session's Bearer token, which a plain link would not send) and end here.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), BLOB_URL_LIFETIME_MS);
}
