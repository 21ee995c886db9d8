import { planRotatedApiKey } from "../../../components/validateArgs";
import { problemsOf } from "../argProblems";
import { defaultArgs } from "../componentArgs";

describe("the destroy-time arguments", () => {
  it.each([0, 7, 19, 30])("accept recoveryWindowInDays %i", (days) => {
    expect(planRotatedApiKey("k", { ...defaultArgs, recoveryWindowInDays: days }).destroy).toEqual({
      revokeKeysOnDestroy: true,
      deletionProtection: true,
      recoveryWindowInDays: days,
    });
  });

  it.each([1, 6, 31, 7.5, -1])("refuse recoveryWindowInDays %p, naming the range", (days) => {
    expect(problemsOf("k", { ...defaultArgs, recoveryWindowInDays: days })).toEqual([
      `\`recoveryWindowInDays\` must be 0 (delete at once, no recovery) or a whole number of days from 7 to 30 (received ${days}): Secrets Manager's range. Omit it to use the default, 30.`,
    ]);
  });

  it("refuses non-boolean switches, all at once", () => {
    const args = {
      ...defaultArgs,
      revokeKeysOnDestroy: "no" as unknown as boolean,
      deletionProtection: 1 as unknown as boolean,
    };
    expect(problemsOf("k", args)).toEqual([
      '`revokeKeysOnDestroy` must be true or false (received "no"). Omit it to revoke this key\'s vendor keys when the component is destroyed.',
      "`deletionProtection` must be true or false (received 1). Omit it to deny deleting the secret outside `pulumi destroy`.",
    ]);
  });

  it("turns both protections off when asked", () => {
    expect(
      planRotatedApiKey("k", {
        ...defaultArgs,
        revokeKeysOnDestroy: false,
        deletionProtection: false,
      }).destroy,
    ).toEqual({ revokeKeysOnDestroy: false, deletionProtection: false });
  });
});
