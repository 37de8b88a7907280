/** Bundles TypeScript entry points with Vite into plain ES modules (`[name].js` in `outDir`) that Node runs as they are. */
export function bundleForNode(options: { root: string; outDir: string; input: Record<string, string> }): Promise<void>;
