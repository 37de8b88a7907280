// Entry of the summary worker thread: run summaries (tens of thousands of results, bootstraps
// of 10,000 resamples) are computed here so the host's event loop stays free meanwhile. The same
// file also runs the resampling threads the summary worker spreads its bootstraps over.
import { parentPort, workerData } from 'node:worker_threads';
import { UserFacingError } from '../../../../shared/result';
import { planSharedResampling, solveResamplingTask } from '../../../../shared/stats';
import { Store } from '../../store/Store';
import { readSummaryInput } from './computeSummary';
import { ResamplingPool, type ResamplingMessage, type ResamplingReply } from './ResamplingPool';
import type { SummaryReply, SummaryRequest } from './summaryProtocol';
import { optionalFields } from '../../../../shared/optionalFields';

const port = parentPort;
if (port === null) throw new Error('summaryWorkerMain runs as a worker thread.');

if ((workerData as { role?: string } | null)?.role === 'resampler') {
  port.on('message', ({ id, task }: ResamplingMessage) => {
    let reply: ResamplingReply;
    try {
      reply = { id, result: solveResamplingTask(task) };
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
} else {
  const stores = new Map<string, Store>();
  const pool = new ResamplingPool(new URL(import.meta.url));
  const summarise = async (request: SummaryRequest): Promise<SummaryReply> => {
    try {
      // The host checked the store when it opened it; a second quick_check would only cost time.
      const store = stores.get(request.storeFile) ?? Store.open(request.storeFile, undefined, { check: false });
      stores.set(request.storeFile, store);
      const { version, compute } = readSummaryInput(store, request);
      const plan = planSharedResampling(compute);
      return { id: request.id, ok: true, version, summary: plan.finish(await pool.solve(plan.tasks)) };
    } catch (error) {
      return error instanceof UserFacingError
        ? { id: request.id, ok: false, error: { code: error.code, message: error.message, ...optionalFields({ hint: error.hint }) } }
        : {
            id: request.id,
            ok: false,
            error: { code: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
          };
    }
  };
  // One summary at a time: the service queues them, and each uses every resampling thread.
  port.on('message', (request: SummaryRequest) => {
    void summarise(request).then((reply) => port.postMessage(reply));
  });
}
