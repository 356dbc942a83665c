// Many orders into ONE PDF (F35): the server plans the printing order (and issues invoice
// numbers for all at once), hands out the inputs in chunks, and the browser draws them with
// a progress bar, then prints or downloads the one file.
import type { DocumentInputs, Format } from '$lib/documents';
import { trpc } from '$lib/trpc';
import { describeDocumentError, type DocumentProblem } from './describe-error';
import { BULK_CHUNK, type BulkDocumentKind, type BulkSort } from './formats';
import { loadDocuments } from './load';
import type { OutputMode } from './order-documents';
import { downloadPdf, printPdf } from './output';


export type BulkPhase = 'idle' | 'planning' | 'loading' | 'rendering' | 'done' | 'failed';

export interface BulkRequest {
  kind: BulkDocumentKind;
  orderIds: string[];
  sort: BulkSort;
  mode: OutputMode;
  format?: Format;
}

export class BulkPrint {
  phase = $state<BulkPhase>('idle');
  done = $state(0);
  total = $state(0);
  problem = $state<DocumentProblem | null>(null);
  fileName = $state('');

  get busy(): boolean {
    return this.phase === 'planning' || this.phase === 'loading' || this.phase === 'rendering';
  }

  /** 0..1 over the whole run: loading the data is the first fifth, drawing the rest */
  get progress(): number {
    if (!this.total) return 0;
    if (this.phase === 'loading') return (0.2 * this.done) / this.total;
    if (this.phase === 'rendering') return 0.2 + (0.8 * this.done) / this.total;
    return this.phase === 'done' ? 1 : 0;
  }

  async run({ kind, orderIds, sort, mode, format }: BulkRequest): Promise<void> {
    if (this.busy) return;
    this.problem = null;
    this.fileName = '';
    this.done = 0;
    this.total = orderIds.length;
    this.phase = 'planning';
    try {
      const docs = loadDocuments();
      const plan = await trpc.documents.bulkPlan.mutate({ kind, orderIds, sort });
      this.phase = 'loading';
      const inputs: DocumentInputs[BulkDocumentKind][] = [];
      for (let at = 0; at < plan.orderIds.length; at += BULK_CHUNK) {
        inputs.push(...(await trpc.documents.bulkInputs.query({ kind, orderIds: plan.orderIds.slice(at, at + BULK_CHUNK), format })));
        this.done = inputs.length;
      }
      const { renderCombined, documentFileName } = await docs;
      this.phase = 'rendering';
      this.done = 0;
      const pdf = await renderCombined(kind as BulkDocumentKind, inputs, (done, total) => {
        this.done = done;
        this.total = total;
      });
      this.fileName = documentFileName(kind, inputs);
      if (mode === 'print') await printPdf(pdf);
      else downloadPdf(pdf, this.fileName);
      this.phase = 'done';
    } catch (e) {
      this.problem = describeDocumentError(e);
      this.phase = 'failed';
    }
  }
}
