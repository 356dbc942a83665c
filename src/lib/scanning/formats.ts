// The barcode formats the scanner reads (decode.ts, second-opinion.ts).
export type ScanFormat = 'ean13' | 'ean8' | 'upca' | 'upce' | 'code128';
