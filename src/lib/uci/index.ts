/** The UCI module: OpenWrt's config text formats (files, `uci export`, `uci show`, `uci changes`), parsed and written as libuci does. */
export {
  anonymousSectionName,
  cloneConfig,
  djbhash,
  looksGenerated,
  optionValue,
  validateName,
  validatePackageName,
  validateType,
  type UciConfig,
  type UciOption,
  type UciSection,
  type UciValue,
} from './model.js';
export { UciFormatError, UciParseError } from './errors.js';
export { parseUci, parseUciExport, parseUciExportAll, parseUciFile, type UciParseOptions, type UciParseResult } from './parser.js';
export { serializeUciExport, serializeUciFile, type UciExportOptions } from './export.js';
export { parseUciShow, parseUciShowAll, sectionRefs, serializeUciShow, type UciShowOptions } from './show.js';
export { parseUciChanges, parseUciDelta, serializeUciChanges, type UciChange, type UciDelta } from './changes.js';
export { findSections, getOption, resolveSection, sectionRef, toJson, type UciJsonSection } from './query.js';
export { escapeQuotes, quoteValue } from './quote.js';
