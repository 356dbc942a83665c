/**
 * Noto Sans regular and bold, embedded in every document: jsPDF's standard 14
 * fonts are WinAnsi only and cannot print ł, ğ, ş, ř. The base64 module works the
 * same in Vite browser builds and in Node; jsPDF subsets it again on output, so a
 * document carries only the glyphs it uses.
 */
import type { jsPDF } from 'jspdf';
import { notoSansBold, notoSansRegular } from './fonts/noto-sans';

export const FONT_FAMILY = 'NotoSans';

export function registerFonts(doc: jsPDF): void {
  doc.addFileToVFS('NotoSans-Regular.ttf', notoSansRegular);
  doc.addFont('NotoSans-Regular.ttf', FONT_FAMILY, 'normal');
  doc.addFileToVFS('NotoSans-Bold.ttf', notoSansBold);
  doc.addFont('NotoSans-Bold.ttf', FONT_FAMILY, 'bold');
  doc.setFont(FONT_FAMILY, 'normal');
}
