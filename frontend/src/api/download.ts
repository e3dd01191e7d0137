import { saveBlob } from '../utils/save-file';
import { adminToken, apiErrorFrom, reportUnauthorized } from './client';

/**
 * Downloads a file the admin API serves: a plain link cannot send the admin token, so it is fetched and saved
 * from a blob under `filename`. Rejects with the backend's ApiError.
 */
export async function downloadWithToken(url: string, filename: string): Promise<void> {
  const token = adminToken();
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    if (res.status === 401) reportUnauthorized();
    let payload: unknown = undefined;
    try {
      payload = await res.json();
    } catch {
      /* not JSON */
    }
    throw apiErrorFrom(res.status, res.statusText, payload);
  }
  saveBlob(await res.blob(), filename);
}
