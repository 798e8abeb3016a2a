/** Dates as Vietnamese pages write them: "03/11/2022", on the newsroom's calendar. */
export function vietnameseDate(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('vi-VN', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
}
