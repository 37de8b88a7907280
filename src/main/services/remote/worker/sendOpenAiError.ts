import type http from 'node:http';

/** What an OpenAI error answer carries besides its message. */
export interface OpenAiErrorDetails {
  /** OpenAI's error type: `invalid_request_error`, `authentication_error`, `server_error`, … */
  type: string;
  code?: string;
  param?: string | null;
  headers?: Record<string, string>;
}

/** Answers with an error in OpenAI's shape (`{ error: { message, type, param, code } }`), which every OpenAI client shows as is. */
export function sendOpenAiError(response: http.ServerResponse, status: number, message: string, details: OpenAiErrorDetails): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const body = JSON.stringify({ error: { message, type: details.type, param: details.param ?? null, code: details.code ?? null } });
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...details.headers });
  response.end(body);
}
