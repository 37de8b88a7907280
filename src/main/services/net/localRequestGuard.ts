import type { IncomingHttpHeaders } from 'node:http';

/** The `Host` headers and browser `Origin`s a server on this machine answers to. */
export interface LocalAddresses {
  hosts: ReadonlySet<string>;
  origins: ReadonlySet<string>;
}

/** Why a request was refused: the status to answer and a message that says what to do. */
export interface RefusedRequest {
  status: 403;
  message: string;
}

/**
 * The names a server bound to `bindHost:port` is reached by from this machine: the address it
 * listens on, `localhost` and `127.0.0.1`. A page that rebinds its own DNS name to 127.0.0.1
 * still sends its own name as `Host`, so a foreign `Host` means the caller is not local.
 */
export function localAddresses(bindHost: string, port: number): LocalAddresses {
  const shown = bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
  const hosts = new Set([`${shown}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`].map((h) => h.toLowerCase()));
  return { hosts, origins: new Set([...hosts].map((h) => `http://${h}`)) };
}

/**
 * Refuses a request that a web page could have sent: a browser `Origin` other than the server's
 * own, or a `Host` other than the names in `allowed` (DNS rebinding). Clients that are not
 * browsers send no `Origin` and the address they dialled as `Host`, so they pass.
 */
export function checkLocalRequest(headers: IncomingHttpHeaders, allowed: LocalAddresses): RefusedRequest | null {
  const host = headers.host?.toLowerCase();
  if (host === undefined || !allowed.hosts.has(host)) {
    return {
      status: 403,
      message: `Refused a request for host "${headers.host ?? ''}": this server only answers to ${[...allowed.hosts].join(', ')}.`,
    };
  }
  const origin = headers.origin;
  if (origin !== undefined && !allowed.origins.has(origin.toLowerCase())) {
    return {
      status: 403,
      message: `Refused a request from the web page at ${origin}: browsers may only reach this server from its own address.`,
    };
  }
  return null;
}
