export {
  MISSING, describeZone, formatBytes, formatCount, formatDecimal, formatDuration, formatExactBytes, formatTime, formatTimeRange, isKnownTimeZone,
  isUtc, isoTime, plural, timeParts, truncate, visibleControls, zoneOffsetMs, type FormatBytesOptions, type TimeParts,
} from './format';
export { CHART_OTHER_COLOR, CHART_PALETTE, barsSvg, stackedBarsSvg, valueTicks, type BarsOptions, type StackedBarsOptions, type ValueFormat } from './svg';
export { renderReportHtml } from './html';
export { renderReportMarkdown } from './markdown';
export { REPORT_JSON_FORMAT, REPORT_JSON_MIME, renderReportJson, reportJsonValue, type ReportJson } from './json';
export { REPORT_SECTIONS, REPORT_TOP_SUSPECTS, STEP_STATE_LABELS, type ReportSectionId } from './sections';
export { sampleReportInput } from './sample';
