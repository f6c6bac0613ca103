/**
 * Renders a RequestLetter as plain text or PDF. The PDF uses pdfkit's built-in Helvetica
 * (standard PDF font, metrics bundled with pdfkit), so nothing is fetched over the network.
 */
import PDFDocument from 'pdfkit';
import type { RequestLetter } from './letter';

const WIDTH = 88;

function wrap(text: string, width: number, indent: string, firstIndent = indent): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent + w;
    } else {
      line += (empty ? '' : ' ') + w;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

export function renderLetterText(letter: RequestLetter): string {
  const out: string[] = [];
  for (const b of letter.blocks) {
    switch (b.kind) {
      case 'title':
        out.push(b.text, '='.repeat(Math.min(WIDTH, b.text.length)), '');
        break;
      case 'heading':
        out.push('', b.text, '-'.repeat(Math.min(WIDTH, b.text.length)));
        break;
      case 'para':
        out.push(...wrap(b.text, WIDTH, ''));
        break;
      case 'item':
        out.push(...wrap(b.text, WIDTH, '  ', '- '));
        break;
      case 'detail':
        out.push(...wrap(b.text, WIDTH, '      ', '    '));
        break;
      case 'signature':
        out.push(b.text);
        break;
    }
  }
  return `${out.join('\n')}\n`;
}

export function renderLetterPdf(letter: RequestLetter): Promise<Buffer> {
  const date = new Date(letter.date);
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 60,
    // Every page is kept until the end, so each can be numbered "Page n of N".
    bufferPages: true,
    info: { Title: `Response to Sunshine request ${letter.number}`, Author: 'KCPD Records Unit', CreationDate: date, ModDate: date },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  for (const b of letter.blocks) {
    switch (b.kind) {
      case 'title':
        doc.font('Helvetica-Bold').fontSize(14).text(b.text, left, undefined, { width });
        doc.moveDown(0.8);
        break;
      case 'heading':
        doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11.5).text(b.text, left, undefined, { width });
        doc.moveDown(0.2);
        break;
      case 'para':
        doc.font('Helvetica').fontSize(10).text(b.text, left, undefined, { width });
        doc.moveDown(0.3);
        break;
      case 'item':
        doc
          .font('Helvetica-Bold')
          .fontSize(10)
          .text(`\u2022 ${b.text}`, left + 8, undefined, { width: width - 8 });
        break;
      case 'detail':
        doc
          .font('Helvetica')
          .fontSize(9)
          .text(b.text, left + 24, undefined, { width: width - 24 });
        break;
      case 'signature':
        doc.font('Helvetica').fontSize(10).text(b.text, left, undefined, { width });
        break;
    }
  }
  // The footer sits in the bottom margin; with the margin lifted for it, pdfkit adds no page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .text(`Sunshine Law request ${letter.number} · Page ${i - range.start + 1} of ${range.count}`, left, doc.page.height - 40, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.flushPages();
  doc.end();
  return done;
}
