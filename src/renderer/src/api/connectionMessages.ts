import type { ConnectionState } from '../../../shared/bridge';

/** What the banner and a refused call say for a connection that is not up, with what to do. */
export interface ConnectionProblem {
  message: string;
  hint: string;
}

/** The user-facing words for each state that keeps the tab from reaching the host; null when it can. */
export function connectionProblem(state: ConnectionState): ConnectionProblem | null {
  switch (state) {
    case 'connecting':
    case 'connected':
      return null;
    case 'lost':
      return {
        message: 'Lost the connection to the Evalbench host. Reconnecting…',
        hint: 'Check that `evalbench serve` is still running; this tab reconnects by itself when it is back.',
      };
    case 'stale-token':
      return {
        message: "Evalbench was restarted, so this tab's access token is no longer valid.",
        hint: 'Open the new address that `evalbench serve` printed when it started again (it ends in ?token=…); a restart always makes a new token.',
      };
    case 'no-token':
      return {
        message: 'This page was opened without its access token.',
        hint: 'Open the full address that `evalbench serve` printed, including ?token=….',
      };
    default:
      return state satisfies never;
  }
}
