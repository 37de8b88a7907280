import type { TestSetFormat } from '../../../../shared/testset';
import { validateText } from './validateText';

/** A request to the validation worker; `seq` comes back with the answer. */
export interface ValidationRequest {
  seq: number;
  text: string;
  file: string;
  format: TestSetFormat;
}

/** The worker's global scope, typed with the little used here (the renderer's types are the DOM's). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ValidationRequest>) => void) | null;
  postMessage: (message: unknown) => void;
};

// Parsing and rendering thousands of cases takes a noticeable fraction of a second: never on the UI thread.
scope.onmessage = (event) => {
  const { seq, text, file, format } = event.data;
  try {
    scope.postMessage({ seq, result: validateText(text, file, format) });
  } catch (error) {
    scope.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
  }
};
