// Downloading a queue view as CSV (F26) with progress: the response streams, rows are counted
// as they arrive against the `x-order-count` header, and the file is saved when complete.
export class CsvExport {
  running = $state(false);
  done = $state(0);
  total = $state<number | null>(null);
  error = $state(false);

  async run(query: string, withLines: boolean, save: (blob: Blob, fileName: string) => void) {
    this.running = true;
    this.error = false;
    this.done = 0;
    this.total = null;
    try {
      const params = new URLSearchParams(query);
      if (withLines) params.set('lines', '1');
      const res = await fetch(`/orders/export.csv?${params}`);
      if (!res.ok || !res.body) throw new Error(`export ${res.status}`);
      const count = Number(res.headers.get('x-order-count'));
      this.total = Number.isFinite(count) ? count : null;
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'orders.csv';
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      const decoder = new TextDecoder();
      const seen = new Set<string>();
      let rest = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        // count distinct order numbers at the start of each complete row (header excluded)
        const text = rest + decoder.decode(value, { stream: true });
        const rows = text.split('\r\n');
        rest = rows.pop() ?? '';
        for (const row of rows) {
          const n = /^(\d+);/.exec(row)?.[1];
          if (n) seen.add(n);
        }
        this.done = seen.size;
      }
      save(new Blob(chunks as BlobPart[], { type: 'text/csv;charset=utf-8' }), name);
    } catch {
      this.error = true;
    } finally {
      this.running = false;
    }
  }
}
