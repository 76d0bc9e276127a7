/**
 * The plan-time read of a stack's bindings: one `data "external"` per stack, whose program (`aem-cc read`)
 * reads every binding's environment concurrently and answers for all of them, each binding's values under
 * its own keys (`<construct path>:token`). One handler process per plan instead of one per binding: a
 * deploy of n bindings starts n + 1 handler processes, and a no-change diff one.
 *
 * The query is assembled at synth, when every binding of the stack has registered (a lazy value), so
 * bindings may be added in any order and anywhere under the stack.
 */
import { Construct } from 'constructs';
import { DataExternal, Lazy, TerraformStack, Token } from './core';
import { READ_KEY_SEPARATOR } from '../src/contract';

/** What one binding asks the plan-time read for (the values the handler checks, as the binding has them). */
export interface LiveReadInputs {
  readonly authorUrl: string;
  readonly org: string;
  readonly imsEndpoint: string;
  readonly settingsPath: string;
  /** Comma-separated org ids; '' for any org. */
  readonly allowedOrgs: string;
}

/** The construct id of a stack's read, beside the providers the bindings add to the stack. */
const ID = 'aem-cc-live-read';

export class StackLiveRead extends Construct {
  /**
   * The stack's read, created by the first binding that asks for it.
   * @param handler the handler's path relative to the stack directory (the same for every binding of the stack)
   */
  static of(stack: TerraformStack, handler: string): StackLiveRead {
    return (stack.node.tryFindChild(ID) as StackLiveRead | undefined) ?? new StackLiveRead(stack, handler);
  }

  /** The one `data "external"` of the stack. */
  readonly data: DataExternal;
  private readonly bindings = new Map<string, LiveReadInputs>();

  private constructor(stack: TerraformStack, handler: string) {
    super(stack, ID);
    this.data = new DataExternal(this, 'read', {
      program: ['node', handler, 'read'],
      query: Token.asStringMap(Lazy.anyValue({ produce: () => this.query() })),
    });
  }

  /**
   * Adds a binding's inputs under `key`, and gives the lookup of its values in the read's result.
   * @param key the binding's construct path: unique in the app, and what an error in its environment names
   * @returns `field` -> a reference to `result["<key>:<field>"]`
   */
  add(key: string, inputs: LiveReadInputs): (field: string) => string {
    this.bindings.set(key, inputs);
    return (field) => this.data.result.lookup(`${key}${READ_KEY_SEPARATOR}${field}`);
  }

  /** The query: every binding's keys under its own prefix, in the order the bindings were added. */
  private query(): Record<string, string> {
    const query: Record<string, string> = {};
    for (const [key, b] of this.bindings) {
      const put = (name: string, value: string) => (query[`${key}${READ_KEY_SEPARATOR}${name}`] = value);
      put('author_url', b.authorUrl);
      put('org', b.org);
      put('ims_endpoint', b.imsEndpoint);
      put('settings_path', b.settingsPath);
      if (b.allowedOrgs) put('allowed_orgs', b.allowedOrgs);
    }
    return query;
  }
}
