import { useEffect, useState } from 'react';
import type { ParamOverride } from '../../../../shared/effectiveParams';
import { getClient } from '../../api/client';

/** How long the path must stay unchanged before the file is read (it is typed a key at a time). */
const SETTLE_MS = 250;

/**
 * What the test set file at `testSetPath` sets over the run's generation parameters, read once
 * the path settles; empty while unknown (no path, a file that does not validate: the form's
 * start says why).
 */
export function useTestSetParams(testSetPath: string): ParamOverride[] {
  const [overrides, setOverrides] = useState<{ path: string; overrides: ParamOverride[] }>({ path: '', overrides: [] });
  const path = testSetPath.trim();
  useEffect(() => {
    if (path === '') return;
    let current = true;
    const timer = setTimeout(() => {
      void getClient()
        .call('runs.testSetParams', { testSetPath: path })
        .then((result) => {
          if (current) setOverrides({ path, overrides: result.ok ? result.value.overrides : [] });
        });
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [path]);
  return overrides.path === path ? overrides.overrides : [];
}
