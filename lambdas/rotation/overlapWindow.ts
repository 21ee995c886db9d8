/**
 * A key's overlap window runs from the moment its successor was created
 * (promotion follows within one rotation) for `overlapHours`. Revocation,
 * making room at a capped vendor and reconciliation all measure it this way.
 * Returns epoch milliseconds; with no successor, -Infinity (the window is over).
 */
export function overlapWindowEnd(
  successorCreatedAt: string | undefined,
  overlapHours: number,
): number {
  return successorCreatedAt === undefined
    ? Number.NEGATIVE_INFINITY
    : Date.parse(successorCreatedAt) + overlapHours * 3_600_000;
}
