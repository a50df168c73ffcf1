// One wasm instance per process and package version, whichever of the Node entries
// (import or require) loads first; the other reuses its functions.
const key = Symbol.for(`kompaas-confirmation-call@${PACKAGE_VERSION}`);

export function shared(create) {
  if (!Object.hasOwn(globalThis, key)) {
    Object.defineProperty(globalThis, key, { value: create() });
  }
  return globalThis[key];
}
