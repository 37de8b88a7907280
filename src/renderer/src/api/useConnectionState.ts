import { useSyncExternalStore } from 'react';
import type { ConnectionState } from '../../../shared/bridge';
import { getClient } from './client';

/** Where the link to the host stands, re-rendering when it changes. */
export function useConnectionState(): ConnectionState {
  const client = getClient();
  return useSyncExternalStore(
    (onChange) => client.onConnectionChange(onChange),
    () => client.connectionState(),
  );
}
