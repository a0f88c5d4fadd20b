export { decodeForMatching } from './normalize';
export {
  DETECTION_CATEGORIES, DETECTION_CATEGORY_IDS, PREFILTERS, RULES, categoryLabel, passesPrefilter, ruleById,
  type DetectionCategory, type DetectionCategoryInfo, type DetectionField, type DetectionRule,
  type DetectionSeverity, type Prefilter,
} from './rules';
export { MAX_MATCHED_LENGTH, detectHttp, detectInText, type DetectionHit, type HttpDetectionInput } from './match';
