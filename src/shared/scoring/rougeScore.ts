/** Precision, recall and F-measure on a 0–1 scale (rouge-score's `Score` tuple). */
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}
