/**
 * Sheets the badges are printed on, all A4 (210 × 297 mm), measured in mm from the sheet's top left. "cut" is plain
 * paper or card with crop marks, to cut and slide into the usual 90 × 54 mm badge holders; the others are pre-cut
 * label and card sheets of the common sizes, without marks (the sheet is already cut).
 */
export interface Layout {
  id: LayoutId;
  cols: number;
  rows: number;
  /** one badge */
  width: number;
  height: number;
  /** the grid's top left corner */
  left: number;
  top: number;
  cropMarks: boolean;
}

export const LAYOUT_IDS = ['cut-2x4', 'labels-2x4', 'cards-2x5'] as const;
export type LayoutId = (typeof LAYOUT_IDS)[number];

export const PAGE = { width: 210, height: 297 };

export const LAYOUTS: Record<LayoutId, Layout> = {
  'cut-2x4': { id: 'cut-2x4', cols: 2, rows: 4, width: 90, height: 54, left: 15, top: 40.5, cropMarks: true },
  'labels-2x4': { id: 'labels-2x4', cols: 2, rows: 4, width: 90, height: 54, left: 15, top: 40.5, cropMarks: false },
  'cards-2x5': { id: 'cards-2x5', cols: 2, rows: 5, width: 85, height: 54, left: 20, top: 13.5, cropMarks: false },
};

export const perSheet = (l: Layout) => l.cols * l.rows;

/** Where badge number i (0-based, across pages) goes: its page and its top left corner on that page. */
export function place(l: Layout, i: number) {
  const n = i % perSheet(l);
  return {
    page: Math.floor(i / perSheet(l)),
    x: l.left + (n % l.cols) * l.width,
    y: l.top + Math.floor(n / l.cols) * l.height,
  };
}

/** Crop marks: short lines in the margin, 2 mm off the grid, 5 mm long, on every cut line. */
export function cropMarks(l: Layout): { x1: number; y1: number; x2: number; y2: number }[] {
  if (!l.cropMarks) return [];
  const right = l.left + l.cols * l.width;
  const bottom = l.top + l.rows * l.height;
  const marks = [];
  for (let c = 0; c <= l.cols; c++) {
    const x = l.left + c * l.width;
    marks.push({ x1: x, y1: l.top - 7, x2: x, y2: l.top - 2 }, { x1: x, y1: bottom + 2, x2: x, y2: bottom + 7 });
  }
  for (let r = 0; r <= l.rows; r++) {
    const y = l.top + r * l.height;
    marks.push({ x1: l.left - 7, y1: y, x2: l.left - 2, y2: y }, { x1: right + 2, y1: y, x2: right + 7, y2: y });
  }
  return marks;
}
