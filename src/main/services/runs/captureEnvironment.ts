import si from 'systeminformation';
import type { RunEnvironment } from '../../../shared/runs';
import { nodeLlamaCppVersion } from '../engine/worker/nodeLlamaCppVersion';
import { queryNvidiaGpus } from '../system/nvidiaGpus';
import { versionInfo } from '../versionInfo';

/** What this machine is, asked asynchronously (nothing here may block the event loop). */
export async function captureEnvironment(): Promise<RunEnvironment> {
  const [cpu, mem, osInfo, gpus] = await Promise.all([si.cpu(), si.mem(), si.osInfo(), queryNvidiaGpus()]);
  return {
    cpu: { model: `${cpu.manufacturer} ${cpu.brand}`.trim(), physicalCores: cpu.physicalCores, logicalCores: cpu.cores },
    ramBytes: mem.total,
    gpus: gpus.map((g) => ({ name: g.name, vramTotalBytes: g.vramTotalBytes, driverVersion: g.driverVersion })),
    os: { platform: osInfo.platform, distro: osInfo.distro, release: osInfo.release, kernel: osInfo.kernel, arch: osInfo.arch },
    versions: {
      evalbench: versionInfo().version,
      node: process.versions.node,
      electron: (process.versions as Record<string, string | undefined>).electron ?? null,
      nodeLlamaCpp: nodeLlamaCppVersion(),
    },
    models: {},
  };
}
