/**
 * A workflow's refusal of a link's action, told to the person in Bahasa Indonesia. The
 * workflow and the JSON answer keep their machine message; the page says what it means
 * for the official and what to do.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { refusalTypes, type RefusalType } from '../../workflows/messages.js';

const refusalTexts: Record<RefusalType, { title: string; detail: string }> = {
  [refusalTypes.notAllowed]: {
    title: 'Tidak berwenang',
    detail:
      'Anda tidak berwenang mengambil tindakan ini atas program ini, sehingga tidak ada yang dicatat. Apabila menurut Anda hal ini keliru, hubungi Sekretariat Daerah.',
  },
  [refusalTypes.wrongStage]: {
    title: 'Tahap sudah berubah',
    detail: 'Program ini tidak lagi berada pada tahap yang dituju tautan ini, atau periode yang dimaksud belum dimulai, sehingga tindakan Anda tidak dicatat.',
  },
  [refusalTypes.alreadyDecided]: {
    title: 'Sudah tercatat',
    detail: 'Tindakan atas tahap ini sudah tercatat sebelumnya atau sedang dicatat. Muat ulang halaman dalam beberapa saat untuk melihat hasilnya.',
  },
  [refusalTypes.invalid]: {
    title: 'Permintaan tidak dapat diproses',
    detail:
      'Permintaan Anda tidak dapat dilaksanakan pada tahap ini, sehingga tidak ada yang diubah. Periksa kembali isian Anda, atau hubungi Sekretariat Daerah.',
  },
};

const isRefusalType = (t: string | null | undefined): t is RefusalType => typeof t === 'string' && t in refusalTexts;

/** The title and text a person reads for a refusal; null when the error is not a workflow refusal. */
export function refusalForPeople(err: unknown): { title: string; detail: string } | null {
  if (!(err instanceof WorkflowUpdateFailedError)) return null;
  const cause = err.cause;
  return cause instanceof ApplicationFailure && isRefusalType(cause.type) ? refusalTexts[cause.type] : null;
}
