/**
 * What happens to the live binding when a binding resource is destroyed.
 */
export class RemovalPolicy {
  /** Leave the environment bound as it is (the default): removing the resource sends nothing. */
  static retain(): RemovalPolicy {
    return new RemovalPolicy('retain');
  }

  /**
   * Switch the environment to `orgIdOrName` on destroy, but only while the live binding is still
   * exactly the one this resource made (its binding token): a binding that has moved on since, by a
   * replacement or by hand, is never touched.
   */
  static revertTo(orgIdOrName: string): RemovalPolicy {
    return new RemovalPolicy('revert', orgIdOrName);
  }

  private constructor(
    /** `retain` or `revert`. */
    readonly kind: 'retain' | 'revert',
    /** The org to revert to, for `revert`. */
    readonly revertTo?: string,
  ) {}
}
