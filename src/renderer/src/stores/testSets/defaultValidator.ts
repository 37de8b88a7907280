import ValidationWorker from './validation.worker?worker';
import { workerValidator, type Validator } from './validator';

/** The app's validator: `parseTestSetText` in a Web Worker bundled by Vite. */
export function createDefaultValidator(): Validator {
  return workerValidator(() => new ValidationWorker({ name: 'Test set validation' }));
}
