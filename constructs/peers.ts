/**
 * The checks that keep the two entry points apart: the CDK core an entry is built on must be installed
 * (`requirePeers`), and a construct of one entry must sit in a stack of the same core (`checkCore`).
 * Without them, a missing peer surfaces as "Cannot find module" from inside a provider binding, and a
 * mixed app fails late with an error from inside the core (cdktn: "e._resetResolveDiscoveredProviderFeatureUsage
 * is not a function"; cdktf: "stack._recordFunctionUsage is not a function").
 */
import type { IConstruct } from 'constructs';

/** What an entry point is for: its core, the packages it needs beside it, and the other entry. */
export interface Flavour {
  readonly core: 'cdktf' | 'cdktn';
  readonly entry: string;
  /** Peer package name -> the version range to install. */
  readonly peers: Readonly<Record<string, string>>;
  readonly otherCore: 'cdktf' | 'cdktn';
  readonly otherEntry: string;
}

/**
 * Throws, naming every missing package and the install line, when a peer of `flavour` cannot be
 * resolved from this package (`resolve` is the calling module's `require.resolve`, so resolution starts
 * where the entry is installed).
 * @throws Error `cdktf-aem-creative-cloud: <pkg> ... not installed ...`
 */
export function requirePeers(flavour: Flavour, resolve: (id: string) => string): void {
  const missing = Object.keys(flavour.peers).filter((pkg) => {
    try {
      resolve(pkg);
      return false;
    } catch (e) {
      // Only "not there" is ours to explain; anything else surfaces from the import itself.
      return (e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND';
    }
  });
  if (missing.length === 0) return;
  const install = Object.entries(flavour.peers)
    .map(([pkg, range]) => `${pkg}@${range}`)
    .join(' ');
  throw new Error(
    `cdktf-aem-creative-cloud: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed; the entry '${flavour.entry}' ` +
      `is for ${flavour.core} and needs ${Object.keys(flavour.peers).join(', ')} beside it (peer dependencies). Install them: ` +
      `npm install ${install}. With ${flavour.otherCore}, import '${flavour.otherEntry}' instead.`,
  );
}

const JSII_RTTI = Symbol.for('jsii.rtti');
/** The mark both cores put on TerraformStack (they share cdktf's marks, which is why mixing is not caught). */
const STACK_MARK = Symbol.for('cdktf/TerraformStack');

/**
 * 'cdktf' or 'cdktn' for an object made by one of those libraries or by a subclass of one of their
 * classes, else undefined. Both cores carry jsii's run-time type info, whose fqn starts with the
 * library's name (`cdktf.TerraformStack`, `cdktn.TerraformStack`), and a user's subclass inherits it:
 * so this tells the core whatever copy of the library the class came from, where `instanceof` cannot.
 */
export function coreOf(x: object): 'cdktf' | 'cdktn' | undefined {
  for (let c: unknown = x.constructor; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const fqn = (Object.getOwnPropertyDescriptor(c, JSII_RTTI)?.value as { fqn?: unknown } | undefined)?.fqn;
    const lib = typeof fqn === 'string' ? fqn.split('.')[0] : undefined;
    if (lib === 'cdktf' || lib === 'cdktn') return lib;
  }
  return undefined;
}

/**
 * Throws one clear line when `construct` sits in a stack of the other core than `flavour`'s: the
 * construct came from the wrong entry point.
 * @throws Error `<what> <path>: this stack is a cdktn TerraformStack, but ... import it from '...' instead.`
 */
export function checkCore(construct: IConstruct, what: string, flavour: Flavour): void {
  const stack = construct.node.scopes.find((s) => STACK_MARK in s);
  const found = stack && coreOf(stack);
  if (found && found !== flavour.core) {
    throw new Error(
      `${what} ${construct.node.path}: this stack is a ${found} TerraformStack, but the construct came from '${flavour.entry}' ` +
        `(for ${flavour.core}); import it from '${flavour.otherEntry}' instead.`,
    );
  }
}
