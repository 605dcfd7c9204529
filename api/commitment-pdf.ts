/**
 * The commitment document as a PDF (`GET /v1/commitments/:hash.pdf`): the content model of
 * domain/commitment-document.ts laid out on A4 as an official letter, with a QR code to the
 * public verification page. pdfkit writes the PDF (its standard Helvetica, no font files);
 * `qrcode` makes the code.
 *
 * The PDF alur makes is not a certified electronic signature. Once a BSrE-signed PDF of a
 * commitment exists (its reference in the record's `tte`), a `CertifiedCommitmentPdfSource`
 * serves that file instead; none is configured until TTE is in use.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CommitmentDocument } from '../domain/commitment-document.js';
import type { AnyCommitmentRecord } from '../domain/signing.js';

/** Where the certified (BSrE) PDF of a commitment comes from, once there is one; null: none for this commitment. */
export interface CertifiedCommitmentPdfSource {
  certifiedPdf(commitment: AnyCommitmentRecord): Promise<Uint8Array | null>;
}

const margin = 56; // 2 cm
const qrSize = 108;

/** Lays the document out and returns the PDF's bytes. */
export async function renderCommitmentPdf(doc: CommitmentDocument): Promise<Buffer> {
  const qr = await QRCode.toBuffer(doc.verification.url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    info: { Title: `${doc.title}: ${doc.subtitle}`, Author: doc.letterhead.government, Subject: doc.verification.url },
    lang: 'id-ID',
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - 2 * margin;
  const bottom = () => pdf.page.height - margin;
  /** Starts a new page when `height` points no longer fit, so a block is never split. */
  const keepTogether = (height: number) => {
    if (pdf.y + height > bottom()) pdf.addPage();
  };

  // Kop surat: the government, the office, the address, and the double rule under them.
  pdf.font('Helvetica-Bold').fontSize(14).text(doc.letterhead.government, { align: 'center' });
  pdf.fontSize(12).text(doc.letterhead.office, { align: 'center' });
  pdf.font('Helvetica').fontSize(9).text(doc.letterhead.address, { align: 'center' });
  const ruleY = pdf.y + 6;
  pdf
    .lineWidth(2)
    .moveTo(margin, ruleY)
    .lineTo(margin + width, ruleY)
    .stroke();
  pdf
    .lineWidth(0.5)
    .moveTo(margin, ruleY + 3)
    .lineTo(margin + width, ruleY + 3)
    .stroke();
  pdf.y = ruleY + 18;

  pdf.font('Helvetica-Bold').fontSize(12).text(doc.title, margin, pdf.y, { align: 'center', width });
  pdf.font('Helvetica').fontSize(11).text(doc.subtitle, { align: 'center', width });
  pdf.moveDown(1.2);
  pdf.fontSize(10.5).text(doc.statement, { align: 'justify', width, lineGap: 2 });
  pdf.moveDown(0.8);

  const labelWidth = 140;
  for (const fact of doc.facts) {
    const y = pdf.y;
    const height = Math.max(pdf.heightOfString(fact.value, { width: width - labelWidth }), pdf.heightOfString(fact.label, { width: labelWidth - 8 }));
    keepTogether(height);
    const top = pdf.y === y ? y : pdf.y;
    pdf
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(fact.label, margin, top, { width: labelWidth - 8 });
    pdf.font('Helvetica').text(fact.value, margin + labelWidth, top, { width: width - labelWidth });
    pdf.y = top + height + 3;
  }

  pdf.moveDown(0.8);
  keepTogether(40);
  pdf.font('Helvetica-Bold').fontSize(11).text('Tanda tangan', margin, pdf.y, { width });
  pdf.moveDown(0.3);
  doc.signers.forEach((s, index) => {
    const lines = [s.name, s.capacity, `Ditandatangani pada ${s.signedAt}`];
    const height = pdf.heightOfString(`${index + 1}. ${s.office}`, { width }) + lines.reduce((h, l) => h + pdf.heightOfString(l, { width: width - 16 }), 0) + 8;
    keepTogether(height);
    pdf
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${index + 1}. ${s.office}`, margin, pdf.y, { width });
    pdf.font('Helvetica').fontSize(9.5);
    for (const line of lines) pdf.text(line, margin + 16, pdf.y, { width: width - 16 });
    pdf.moveDown(0.5);
  });
  pdf.font('Helvetica').fontSize(10).text(`Komitmen lengkap pada ${doc.completedAt}.`, margin, pdf.y, { width });

  // The QR code and what it points at, side by side and never split across pages.
  pdf.moveDown(1);
  keepTogether(qrSize + 8);
  const top = pdf.y;
  pdf.image(qr, margin, top, { width: qrSize, height: qrSize });
  const textLeft = margin + qrSize + 14;
  const textWidth = width - qrSize - 14;
  pdf
    .font('Helvetica-Bold')
    .fontSize(10)
    .text('Verifikasi', textLeft, top + 4, { width: textWidth });
  pdf.font('Helvetica').fontSize(9).text(doc.verification.instruction, { width: textWidth });
  pdf.moveDown(0.3).text(doc.verification.url, { width: textWidth, link: doc.verification.url });
  pdf.moveDown(0.3).text(`Sidik jari komitmen: ${doc.verification.hash}`, { width: textWidth });
  pdf.y = Math.max(pdf.y, top + qrSize) + 10;

  pdf.font('Helvetica-Oblique').fontSize(8.5);
  for (const notice of doc.notices) pdf.text(notice, margin, pdf.y, { width });

  pdf.end();
  return finished;
}
