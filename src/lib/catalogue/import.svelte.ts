// The CSV import's state: the chosen file, its preview, the lines the manager ticks, the result.
import { trpc, describeError } from '$lib/trpc';
import type { RouterOutputs } from '$lib/trpc';
import { gzipFileBase64 } from './csv-upload';

export type ImportPreview = RouterOutputs['catalogue']['previewImport'];
export type ImportRow = ImportPreview['rows'][number];

export class CsvImportState {
  file = $state<{ name: string; base64: string } | null>(null);
  preview = $state<ImportPreview | null>(null);
  selected = $state<Record<number, boolean>>({});
  busy = $state(false);
  error = $state<string | null>(null);
  result = $state<RouterOutputs['catalogue']['applyImport'] | null>(null);

  get selectedRows(): ImportRow[] {
    return (this.preview?.rows ?? []).filter((r) => this.selected[r.line] && (r.action === 'create' || r.action === 'update'));
  }

  async choose(file: File) {
    this.error = null;
    this.result = null;
    this.preview = null;
    this.busy = true;
    try {
      const base64 = await gzipFileBase64(new Uint8Array(await file.arrayBuffer()));
      this.file = { name: file.name, base64 };
      const preview = await trpc.catalogue.previewImport.mutate({ gzipBase64: base64 });
      this.preview = preview;
      // every line that would change something starts ticked; the manager unticks what they do not want
      this.selected = Object.fromEntries(preview.rows.filter((r) => r.action === 'create' || r.action === 'update').map((r) => [r.line, true]));
    } catch (e) {
      this.error = describeError(e).message;
    } finally {
      this.busy = false;
    }
  }

  async apply() {
    if (!this.file) return;
    const lines = this.selectedRows.map((r): [number, number] => [r.line, r.action === 'create' ? 0 : r.version]);
    if (!lines.length) return;
    this.busy = true;
    this.error = null;
    try {
      this.result = await trpc.catalogue.applyImport.mutate({ gzipBase64: this.file.base64, lines });
      this.preview = null;
      this.file = null;
    } catch (e) {
      this.error = describeError(e).message;
    } finally {
      this.busy = false;
    }
  }
}
