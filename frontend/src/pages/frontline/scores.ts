/** i18n keys of the five levels, 1 非常不满意 … 5 非常满意. */
export const SCORE_KEYS = ['', 'score.1', 'score.2', 'score.3', 'score.4', 'score.5'] as const;

/** A score of 2 or less is a bad rating (差评): it opens a rectification. */
export const isBad = (score: number) => score > 0 && score <= 2;

export const DIMENSIONS = ['responsiveness', 'resolution', 'attitude'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
