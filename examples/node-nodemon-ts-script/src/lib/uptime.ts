import ms from 'ms';

export function uptimeText(millis: number): string {
  return ms(millis, { long: true });
}
