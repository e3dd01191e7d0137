import { ApiError, adminToken, apiErrorFrom, reportUnauthorized } from './client';

/**
 * Sends a file as the raw request body with upload progress (fetch cannot report it): resolves with the
 * parsed JSON answer, rejects with the backend's {@link ApiError}.
 */
export function uploadFile<T>(url: string, file: Blob, contentType: string, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    const token = adminToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError(0, 'network/unreachable', 'Could not reach the Switchyard server. Check that it is running and try again.'));
    xhr.onload = () => {
      let payload: unknown = xhr.responseText;
      try {
        payload = JSON.parse(xhr.responseText) as unknown;
      } catch {
        /* not JSON: keep the text */
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(payload as T);
      if (xhr.status === 401) reportUnauthorized();
      reject(apiErrorFrom(xhr.status, xhr.statusText, payload));
    };
    xhr.send(file);
  });
}
