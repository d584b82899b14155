// Sizes in words (1.5 KiB, 256 MiB) and the upload-limit sentence, shared by the data picker (which refuses a
// file before sending it) and the upload route (which refuses it when the picker was bypassed): one wording.

/** 1.5 KiB, 256 MiB: sizes in the words of the data picker. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) (v /= 1024), u++;
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** The refusal of a file over the upload limit; `setting` names where the limit is set, for those who can change it. */
export const uploadTooLarge = (name: string, size: number, max: number, setting?: string) =>
  `${name} is ${formatBytes(size)}; uploads are limited to ${formatBytes(max)}${setting ? ` (${setting})` : ''}.`;
