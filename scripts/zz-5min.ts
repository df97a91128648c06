import { genuineSession } from '../lib/analysis/testing/scenarios';
import { analyzeRecording } from '../lib/analysis/session';
const r = analyzeRecording(genuineSession(300_000), null);
console.log('label', r.verdict.label, 'codes', r.verdict.reasons.map((x) => x.code).join(','));
