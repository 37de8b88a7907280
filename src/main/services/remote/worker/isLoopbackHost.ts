import net from 'node:net';

/**
 * Whether listening on `host` keeps the server to this machine: `localhost`, 127.0.0.0/8 and
 * ::1 (also IPv4-mapped, `::ffff:127.0.0.1`). The wildcards `0.0.0.0` and `::` listen everywhere.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\.\d+\.\d+\.\d+$/.test(bare);
  return false;
}
