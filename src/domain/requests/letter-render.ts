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
    }
  }
  return `${out.join('\n')}\n`;
}

export function renderLetterPdf(letter: RequestLetter): Promise<Buffer> {
  const date = new Date(letter.date);
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 60,
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
    }
  }
  doc.end();
  return done;
}
