// The documents module (jsPDF, bwip-js, the embedded font: ~575 kB gzipped) is loaded on the
// first print or download, never with the rest of the app.
type DocumentsModule = typeof import('$lib/documents');

let loading: Promise<DocumentsModule> | null = null;

export function loadDocuments(): Promise<DocumentsModule> {
  loading ??= import('$lib/documents').catch((e: unknown) => {
    loading = null; // a failed download (offline) may be retried
    throw e;
  });
  return loading;
}
