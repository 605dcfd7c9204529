// dynalite ships no types; this covers the part of its API that dev/dynalite.ts uses. (Not named
// dynalite.d.ts: tsc ignores a .d.ts that sits next to a .ts of the same name.)
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** LevelDB folder; in memory when omitted. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
  }

  function dynalite(options?: DynaliteOptions): Server;
  export = dynalite;
}
