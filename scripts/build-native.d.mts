export function nativeBuildDir(root: string): string;
export function buildNative(root: string, options?: { log?: (message: string) => void }): string;
