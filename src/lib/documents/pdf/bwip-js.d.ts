// bwip-js ships a Node build (toBuffer) and a browser build (toCanvas) behind
// export conditions TypeScript's "bundler" resolution does not pick, so the
// default export is typed here as the union of what barcode.ts uses.
declare module 'bwip-js' {
  interface BwipOptions {
    bcid: string;
    text: string;
    scale?: number;
    height?: number;
    includetext?: boolean;
    paddingwidth?: number;
    paddingheight?: number;
    backgroundcolor?: string;
  }
  const bwipjs: {
    /** Node build only: PNG bytes. */
    toBuffer?: (options: BwipOptions) => Promise<Uint8Array>;
    /** Browser build only. */
    toCanvas?: (canvas: HTMLCanvasElement, options: BwipOptions) => HTMLCanvasElement;
  };
  export type { BwipOptions };
  export default bwipjs;
}
