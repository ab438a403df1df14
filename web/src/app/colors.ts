/**
 * Colours that carry meaning, each at least 4.5:1 against white (WCAG AA for normal text), whether used as
 * text on white or as the background of white text. Mantine's own orange, yellow and green shades are all
 * below 4.5:1 on white, hence the few hand-picked values.
 */
export const COLORS = {
  critical: 'red.9', // 5.5:1
  high: '#b8440b', // 5.4:1
  medium: '#8a5300', // 6.3:1
  low: 'blue.8', // 5.0:1
  neutral: 'gray.7', // 8.2:1
  ok: 'teal.9', // 5.0:1
  warn: '#b8440b',
  danger: 'red.9',
  restricted: 'grape.9', // 7.3:1
  accent: 'indigo.8', // 5.7:1
} as const;
