// Getting a PDF out of the browser: the print dialog (through a hidden iframe showing the
// PDF) or a download with a meaningful file name.

const pdfUrl = (pdf: Uint8Array) => URL.createObjectURL(new Blob([pdf as BlobPart], { type: 'application/pdf' }));

let frame: { element: HTMLIFrameElement; url: string } | null = null;

/** Drops the frame of the previous print; it stays until then because removing it closes the print dialog. */
function dropFrame() {
  if (!frame) return;
  frame.element.remove();
  URL.revokeObjectURL(frame.url);
  frame = null;
}

/**
 * Opens the browser's print dialog for the PDF. The PDF goes into an invisible iframe whose
 * own print() prints the PDF (not the page). Where the browser cannot (no PDF viewer in
 * frames), the PDF opens in a new tab to print from there.
 */
export function printPdf(pdf: Uint8Array): Promise<void> {
  dropFrame();
  const url = pdfUrl(pdf);
  const element = document.createElement('iframe');
  element.setAttribute('aria-hidden', 'true');
  element.dataset.testid = 'print-frame';
  element.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;';
  frame = { element, url };
  return new Promise((resolve) => {
    element.addEventListener(
      'load',
      () => {
        // the PDF viewer inside the frame needs a moment after `load` before it can print
        setTimeout(() => {
          try {
            element.contentWindow!.focus();
            element.contentWindow!.print();
          } catch {
            window.open(url, '_blank', 'noopener');
          }
          resolve();
        }, 250);
      },
      { once: true }
    );
    element.src = url;
    document.body.append(element);
  });
}

export function downloadPdf(pdf: Uint8Array, fileName: string): void {
  const url = pdfUrl(pdf);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // the download has its own copy by then; a minute is plenty for slow disks
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
