/**
 * Settings a document cannot be made without (a legal invoice needs the seller's
 * address and VAT ID). Thrown instead of printing a broken document; `missing`
 * names the settings so the UI can link to them.
 */
export class DocumentDataError extends Error {
  readonly missing: string[];

  constructor(document: string, missing: string[]) {
    super(`Cannot create ${document}: missing ${missing.join(', ')}`);
    this.name = 'DocumentDataError';
    this.missing = missing;
  }
}
