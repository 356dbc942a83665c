/** Page geometry per paper format, in millimetres. */

export type PageFormat = 'a4' | 'letter' | 'thermal80' | 'label4x6';

export interface PageGeometry {
  format: PageFormat;
  width: number;
  /** null: continuous roll, the page is cut to the content's height. */
  height: number | null;
  margin: { top: number; right: number; bottom: number; left: number };
  /** Body text size in points. */
  fontSize: number;
}

/** A continuous page starts this tall and is cropped when its section ends (PDF max is ~5080 mm). */
export const CONTINUOUS_DRAFT_HEIGHT = 5000;

const GEOMETRY: Record<PageFormat, PageGeometry> = {
  a4: { format: 'a4', width: 210, height: 297, margin: { top: 16, right: 16, bottom: 14, left: 20 }, fontSize: 9 },
  letter: {
    format: 'letter',
    width: 215.9,
    height: 279.4,
    margin: { top: 14, right: 16, bottom: 14, left: 19 },
    fontSize: 9
  },
  // 80 mm paper, 72 mm printable on common ESC/POS printers.
  thermal80: { format: 'thermal80', width: 80, height: null, margin: { top: 4, right: 4, bottom: 8, left: 4 }, fontSize: 8 },
  label4x6: {
    format: 'label4x6',
    width: 101.6,
    height: 152.4,
    margin: { top: 5, right: 5, bottom: 5, left: 5 },
    fontSize: 9
  }
};

export function pageGeometry(format: PageFormat): PageGeometry {
  return GEOMETRY[format];
}

/** Sheet formats get the full layout (columns side by side, page numbers); rolls and labels a stacked one. */
export function isSheet(format: PageFormat): boolean {
  return format === 'a4' || format === 'letter';
}
