#!/usr/bin/env node
// Generates src/numbering_plan.rs, the numbering plan the phone-number checks use, from
// libphonenumber's metadata as the pinned libphonenumber-js devDependency ships it
// (metadata.max.json). Run by `make metadata`; tests/js/numbering-plan.test.mjs
// regenerates it in memory and fails when the committed file differs.
//
//   node scripts/numbering-plan.mjs           writes src/numbering_plan.rs
//   node scripts/numbering-plan.mjs --stdout  prints it instead
//
// What the table holds, per country calling code: its regions (the first is
// libphonenumber's main country for the code) with their national (trunk) prefixes; the
// lengths its national numbers may have, by leading digits (the union over the regions'
// number-type patterns, each with its possible lengths, split by one more digit where that
// rules out at least REFINE_MIN_GAIN lengths on average over the digits numbers may have
// there); and, for a code several regions share, the leading digits of national numbers
// that belong to a region other than the main one, found by running libphonenumber's own
// rule (a region's `leading_digits` pattern when it has one, else its number-type
// patterns, regions tried in metadata order) over prefixes of national numbers until the
// region is decided. The patterns are read as automata over digits; nothing in the table
// is typed by hand.
//
// The script lives in scripts/ rather than tests/ or npm/: it is a maintenance tool, run
// on demand, neither shipped in the package nor a test itself.

import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** E.164: at most 15 digits, country code included. */
const E164_MAX_DIGITS = 15;
/** How deep the prefix search goes before it settles on libphonenumber's first candidate. */
const MAX_PREFIX_DIGITS = 8;
/**
 * What splitting a node of the length tree by one more digit must gain to be written, at
 * the root (no digit yet), after one digit and after two: the lengths it rules out, on
 * average over the digits numbers may have there. The balance between the table's size
 * (each split costs eleven bytes) and how many impossible numbers it refuses. Its length
 * is how deep the tree may go.
 */
const REFINE_MIN_GAIN = [0.5, 1.75, 3];
const MAX_LENGTH_DIGITS = REFINE_MIN_GAIN.length;
/** The characters that name length sets in the table: '0' (0x30) to '~' (0x7e). */
const SYMBOLS = Array.from({ length: 0x7f - 0x30 }, (_, i) => String.fromCharCode(0x30 + i));

// ---------------------------------------------------------------------------------------
// Regular expressions of libphonenumber's metadata, over digits only, as automata.

/** Parses a metadata pattern into a tree; throws on syntax this reader does not know. */
function parsePattern(source) {
  let i = 0;
  const fail = (why) => {
    throw new Error(`pattern ${JSON.stringify(source)}: ${why} at ${i}`);
  };
  const alternation = () => {
    const items = [sequence()];
    while (source[i] === "|") {
      i += 1;
      items.push(sequence());
    }
    return items.length === 1 ? items[0] : { type: "alt", items };
  };
  const sequence = () => {
    const items = [];
    while (i < source.length && source[i] !== "|" && source[i] !== ")") items.push(repeated());
    return { type: "seq", items };
  };
  const repeated = () => {
    let node = atom();
    for (;;) {
      const c = source[i];
      if (c === "?") {
        i += 1;
        node = { type: "rep", node, min: 0, max: 1 };
      } else if (c === "{") {
        const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
        if (!match) fail("bad repetition");
        i += match[0].length;
        const min = Number(match[1]);
        const max = match[2] === undefined ? min : match[3] === "" ? Infinity : Number(match[3]);
        node = { type: "rep", node, min, max };
      } else if (c === "*" || c === "+") {
        i += 1;
        node = { type: "rep", node, min: c === "+" ? 1 : 0, max: Infinity };
      } else {
        return node;
      }
    }
  };
  const atom = () => {
    const c = source[i];
    i += 1;
    if (c === "(") {
      if (source.startsWith("?:", i)) i += 2;
      const node = alternation();
      if (source[i] !== ")") fail("unclosed group");
      i += 1;
      return node;
    }
    if (c === "[") {
      let mask = 0;
      while (source[i] !== "]") {
        if (i >= source.length) fail("unclosed class");
        if (source.startsWith("\\d", i)) {
          mask |= 0x3ff;
          i += 2;
        } else if (/[0-9]/.test(source[i])) {
          const from = Number(source[i]);
          let to = from;
          if (source[i + 1] === "-" && /[0-9]/.test(source[i + 2] ?? "")) {
            to = Number(source[i + 2]);
            i += 2;
          }
          for (let d = from; d <= to; d += 1) mask |= 1 << d;
          i += 1;
        } else {
          fail("unknown class member");
        }
      }
      i += 1;
      return { type: "set", mask };
    }
    if (c === "\\" && source[i] === "d") {
      i += 1;
      return { type: "set", mask: 0x3ff };
    }
    if (c !== undefined && /[0-9]/.test(c)) return { type: "set", mask: 1 << Number(c) };
    return fail(`unknown syntax ${JSON.stringify(c)}`);
  };
  const tree = alternation();
  if (i !== source.length) fail("trailing text");
  return tree;
}

/** A nondeterministic automaton over digits (Thompson's construction). */
export class Automaton {
  constructor(source) {
    this.epsilon = [];
    this.edges = [];
    this.start = this.state();
    this.accept = this.build(parsePattern(source), this.start);
    this.remaining = this.remainingLengths();
    this.memo = new Map();
  }

  state() {
    this.epsilon.push([]);
    this.edges.push([]);
    return this.epsilon.length - 1;
  }

  /** Adds `node` from state `from`; returns the state where it ends. */
  build(node, from) {
    switch (node.type) {
      case "set": {
        const to = this.state();
        this.edges[from].push([node.mask, to]);
        return to;
      }
      case "seq":
        return node.items.reduce((at, item) => this.build(item, at), from);
      case "alt": {
        const end = this.state();
        for (const item of node.items) {
          const start = this.state();
          this.epsilon[from].push(start);
          this.epsilon[this.build(item, start)].push(end);
        }
        return end;
      }
      case "rep": {
        let at = from;
        for (let k = 0; k < node.min; k += 1) {
          const start = this.state();
          this.epsilon[at].push(start);
          at = this.build(node.node, start);
        }
        const end = this.state();
        this.epsilon[at].push(end);
        if (node.max === Infinity) {
          const loop = this.state();
          this.epsilon[at].push(loop);
          this.epsilon[this.build(node.node, loop)].push(at);
        } else {
          for (let k = node.min; k < node.max; k += 1) {
            const start = this.state();
            this.epsilon[at].push(start);
            at = this.build(node.node, start);
            this.epsilon[at].push(end);
          }
        }
        return end;
      }
      default:
        throw new Error(`unknown node ${node.type}`);
    }
  }

  closure(states) {
    const seen = new Set(states);
    const stack = [...states];
    while (stack.length) {
      for (const next of this.epsilon[stack.pop()]) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return [...seen].sort((a, b) => a - b);
  }

  initial() {
    return this.closure([this.start]);
  }

  step(states, digit) {
    const next = [];
    for (const s of states) for (const [mask, to] of this.edges[s]) if (mask & (1 << digit)) next.push(to);
    return this.closure(next);
  }

  run(digits, states = this.initial()) {
    for (const d of digits) {
      if (!states.length) break;
      states = this.step(states, Number(d));
    }
    return states;
  }

  /** Per state, bit k set when k more digits can reach the accepting state. */
  remainingLengths() {
    const remaining = this.epsilon.map((_, s) => (s === this.accept ? 1 : 0));
    for (let changed = true; changed; ) {
      changed = false;
      for (let s = 0; s < remaining.length; s += 1) {
        let bits = remaining[s];
        for (const t of this.epsilon[s]) bits |= remaining[t];
        for (const [, t] of this.edges[s]) bits |= (remaining[t] << 1) & 0xfffff;
        if (bits !== remaining[s]) {
          remaining[s] = bits;
          changed = true;
        }
      }
    }
    return remaining;
  }

  /** Bit k set when some k more digits lead from `states` to a match. */
  reachable(states) {
    return states.reduce((bits, s) => bits | this.remaining[s], 0);
  }

  /** Whether every string of `k` more digits leads from `states` to a match. */
  universal(states, k) {
    if (k === 0) return states.includes(this.accept);
    if (!((this.reachable(states) >> k) & 1)) return false;
    const key = `${states.join(",")}/${k}`;
    let result = this.memo.get(key);
    if (result === undefined) {
      result = true;
      for (let d = 0; d < 10 && result; d += 1) result = this.universal(this.step(states, d), k - 1);
      this.memo.set(key, result);
    }
    return result;
  }
}

// ---------------------------------------------------------------------------------------
// libphonenumber's choice of region among those sharing a calling code.

/** libphonenumber-js metadata's order of number types in a region's `types` array. */
const TYPE_COUNT = 10;


const bitsOf = (lengths) => lengths.reduce((bits, n) => bits | (1 << n), 0);

/**
 * A region as a claimant of national numbers: either by its `leading_digits` pattern
 * (a number whose start matches is the region's), or by its number-type patterns
 * (a number that matches one entirely, at one of its lengths, is the region's).
 */
function claimant(region, country) {
  const generalLengths = bitsOf(country[3]);
  if (country[10]) {
    return { region, leading: new Automaton(country[10]), lengths: generalLengths };
  }
  const types = [];
  for (const type of (country[11] ?? []).slice(0, TYPE_COUNT)) {
    // 0: the region has no such numbers; "": the same pattern as fixed-line numbers.
    if (!type || !type[0]) continue;
    types.push({ automaton: new Automaton(type[0]), lengths: type[1] ? bitsOf(type[1]) : generalLengths });
  }
  return { region, types, lengths: generalLengths };
}

/** Where a claimant stands after the digits of `prefix`: its automata states. */
function advance(claim, state, digit) {
  if (claim.leading) {
    if (state.matched) return state;
    const states = claim.leading.step(state.states, digit);
    return { states, matched: states.includes(claim.leading.accept) };
  }
  return { states: state.states.map((states, t) => claim.types[t].automaton.step(states, digit)) };
}

function startOf(claim) {
  if (claim.leading) return { states: claim.leading.initial(), matched: false };
  return { states: claim.types.map((type) => type.automaton.initial()) };
}

/** Total lengths (bitmask) of numbers starting with the prefix this claimant may claim. */
function possibleLengths(claim, state, depth) {
  if (claim.leading) {
    if (state.matched) return claim.lengths & ~((1 << depth) - 1);
    return state.states.length ? claim.lengths & ~((1 << depth) - 1) : 0;
  }
  let bits = 0;
  state.states.forEach((states, t) => {
    bits |= (claim.types[t].automaton.reachable(states) << depth) & claim.types[t].lengths;
  });
  return bits & claim.lengths;
}

/** Whether the claimant claims every number of total length `length` starting with the prefix. */
function claimsAll(claim, state, depth, length) {
  if (claim.leading) return state.matched;
  // Over the union of the type patterns: every continuation must match one of them.
  const check = (states, k) => {
    if (k === 0) {
      return states.some((s, t) => claim.types[t].lengths & (1 << length) && s.includes(claim.types[t].automaton.accept));
    }
    const usable = states.some((s, t) => (claim.types[t].lengths & (1 << length)) && (claim.types[t].automaton.reachable(s) >> k) & 1);
    if (!usable) return false;
    // Quick answer when one type alone already covers everything.
    if (states.some((s, t) => claim.types[t].lengths & (1 << length) && claim.types[t].automaton.universal(s, k))) return true;
    for (let d = 0; d < 10; d += 1) {
      if (!check(states.map((s, t) => claim.types[t].automaton.step(s, d)), k - 1)) return false;
    }
    return true;
  };
  return length >= depth && check(state.states, length - depth);
}

/**
 * The tree of decisions for one shared calling code: a leaf names the region numbers
 * starting with its prefix get (null when libphonenumber finds none: the main country),
 * an inner node has ten children.
 */
function decide(claims, states, prefix, stats) {
  const depth = prefix.length;
  const candidates = [];
  claims.forEach((claim, i) => {
    const lengths = possibleLengths(claim, states[i], depth);
    if (lengths) candidates.push({ claim, i, lengths });
  });
  if (candidates.length === 0) return { region: null };
  const [first, ...later] = candidates;
  const laterLengths = later.reduce((bits, c) => bits | c.lengths, 0);
  let decided = true;
  for (let length = depth; length <= 17 && decided; length += 1) {
    if (laterLengths & (1 << length)) decided = claimsAll(first.claim, states[first.i], depth, length);
  }
  if (decided) return { region: first.claim.region };
  if (depth >= MAX_PREFIX_DIGITS) {
    stats.cutOff.push(`${prefix}:${candidates.map((c) => c.claim.region).join("/")}`);
    return { region: first.claim.region };
  }
  const children = [];
  for (let d = 0; d < 10; d += 1) {
    const next = states.map((state, i) => advance(claims[i], state, d));
    children.push(decide(claims, next, prefix + d, stats));
  }
  const regions = new Set(children.map((child) => (child.children ? undefined : child.region)));
  if (regions.size === 1 && !regions.has(undefined)) return { region: children[0].region };
  return { children };
}

/**
 * The fewest (prefix, region) entries that reproduce the tree under longest-prefix
 * matching, where no entry means `fallback` (the main country).
 */
function encode(node, prefix, inherited, main) {
  const regionOf = (n) => n.region ?? main;
  const plan = (n, p, inh) => {
    if (!n.children) return regionOf(n) === inh ? [] : [[p, regionOf(n)]];
    const options = new Set([inh]);
    const collect = (m) => (m.children ? m.children.forEach(collect) : options.add(regionOf(m)));
    collect(n);
    let best;
    for (const region of options) {
      const own = region === inh ? [] : [[p, region]];
      const entries = own.concat(...n.children.map((child, d) => plan(child, p + d, region)));
      if (!best || entries.length < best.length) best = entries;
    }
    return best;
  };
  return plan(node, prefix, inherited);
}

// ---------------------------------------------------------------------------------------
// Lengths by leading digits.

const popcount = (bits) => {
  let count = 0;
  for (; bits; bits >>= 1) count += bits & 1;
  return count;
};

/**
 * The lengths national numbers of a code may have, by their leading digits: a node is the
 * set of lengths of the numbers starting with its digits (0: none does), or a list of ten
 * nodes one digit deeper where that rules out at least `REFINE_MIN_GAIN` lengths on
 * average over the next digits numbers may have.
 */
function lengthTree(patterns) {
  const lengthsAt = (digits) => {
    let bits = 0;
    for (const { automaton, lengths } of patterns) {
      const states = automaton.run(digits);
      if (states.length) bits |= (automaton.reachable(states) << digits.length) & lengths;
    }
    return bits;
  };
  /** The node of `digits`, whose lengths are `bits`. */
  const node = (digits, bits) => {
    if (!bits || digits.length >= MAX_LENGTH_DIGITS) return bits;
    const below = [...Array(10).keys()].map((d) => lengthsAt(digits + d));
    const children = below.filter(Boolean);
    const gain = popcount(bits) - children.reduce((sum, child) => sum + popcount(child), 0) / children.length;
    return gain >= REFINE_MIN_GAIN[digits.length] ? below.map((childBits, d) => node(digits + d, childBits)) : bits;
  };
  return node("", lengthsAt(""));
}

// ---------------------------------------------------------------------------------------
// The Rust table.

export function generateNumberingPlan() {
  const metadata = require("libphonenumber-js/metadata.max.json");
  const { version } = require("libphonenumber-js/package.json");
  const codes = [
    ...Object.keys(metadata.country_calling_codes),
    ...Object.keys(metadata.nonGeographic).filter((code) => !metadata.country_calling_codes[code]),
  ];
  codes.sort((a, b) => a - b);

  const records = [];
  const trees = [];
  const stats = { cutOff: [], regions: 0, prefixes: 0, codes: codes.length };
  for (const code of codes) {
    const list = metadata.country_calling_codes[code] ?? [];
    const countries = list.length ? list.map((region) => metadata.countries[region]) : [metadata.nonGeographic[code]];
    const maxLength = E164_MAX_DIGITS - code.length;
    const slots = [];
    let nationalPrefix = "";
    const patterns = [];
    countries.forEach((country, i) => {
      if (country[0] !== code) throw new Error(`${code}: metadata disagrees on its code`);
      const lengths = bitsOf(country[3].filter((n) => n <= maxLength));
      for (const type of (country[11] ?? []).slice(0, TYPE_COUNT)) {
        // 0: the region has no such numbers; "": the same pattern as fixed-line numbers.
        if (!type || !type[0]) continue;
        patterns.push({ automaton: new Automaton(type[0]), lengths: (type[1] ? bitsOf(type[1]) : lengths) & lengths });
      }
      if (list.length) {
        const prefix = country[5] || "";
        if (!/^[A-Z]{2}$/.test(list[i]) || !/^\d*$/.test(prefix)) throw new Error(`${list[i]}: ${prefix}`);
        // Written once per code: the regions of a code share their national prefix.
        if (i > 0 && prefix !== nationalPrefix) throw new Error(`${code}: ${list[i]}'s national prefix ${prefix}`);
        nationalPrefix = prefix;
        slots.push(list[i]);
      }
    });
    stats.regions += list.length;
    const tree = lengthTree(patterns);
    trees.push(tree);
    if (list.length > 1) {
      const claims = list.map((region) => claimant(region, metadata.countries[region]));
      const entries = encode(decide(claims, claims.map(startOf), "", stats), "", list[0], list[0]);
      // Each region's leading digits, ascending, after its slot.
      const leading = list.map(() => []);
      for (const [prefix, region] of entries) {
        if (!prefix) throw new Error(`${code}: every number is ${region}'s`);
        leading[list.indexOf(region)].push(prefix);
      }
      leading.forEach((prefixes, i) => (slots[i] += prefixes.sort().join(",")));
      stats.prefixes += entries.length;
    }
    records.push({ code, slots: nationalPrefix + slots.join(""), tree });
  }

  // The length sets, most used first, each written as one character.
  const uses = new Map();
  const count = (node) => (Array.isArray(node) ? node.forEach(count) : node && uses.set(node, (uses.get(node) ?? 0) + 1));
  trees.forEach(count);
  const sets = [...uses].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([bits]) => bits);
  if (sets.length > SYMBOLS.length) throw new Error(`${sets.length} length sets, more than symbols`);
  const symbol = (node) => (Array.isArray(node) ? `*${node.map(symbol).join("")}` : node ? SYMBOLS[sets.indexOf(node)] : "-");
  const lines = records.map(({ slots, tree }) => symbol(tree) + slots);
  const bitmap = new Array(125).fill(0);
  for (const code of codes) {
    if (Number(code) >= 1000) throw new Error(`calling code ${code}`);
    bitmap[Math.floor(code / 8)] |= 1 << code % 8;
  }
  const bitmapRows = [];
  for (let i = 0; i < bitmap.length; i += 16) bitmapRows.push(`    ${bitmap.slice(i, i + 16).join(", ")},`);
  const escape = (line) => line.replaceAll("\\", "\\\\");
  const hex = (bits) => `0x${bits.toString(16)}`;
  const setRows = [];
  for (let i = 0; i < sets.length; i += 12) setRows.push(`    ${sets.slice(i, i + 12).map(hex).join(", ")},`);

  const text = `//! The numbering plan: every country calling code libphonenumber knows, the regions that
//! use it, their national prefixes and the lengths of their national numbers by leading
//! digits. GENERATED by scripts/numbering-plan.mjs (\`make metadata\`) from the metadata of
//! libphonenumber-js ${version}; do not edit.

/// The calling codes: bit \`n % 8\` of byte \`n / 8\` is set when +n is one.
pub(crate) static CODES: [u8; 125] = [
${bitmapRows.join("\n")}
];

/// One line per calling code, in the order of \`CODES\`: \`TREE PREFIX REGIONS\`.
///
/// - \`TREE\`: the lengths of the code's national numbers, one node: \`-\` (no number starts
///   so), a character \`c\` (the lengths are \`LENGTH_SETS[c - '0']\`), or \`*\` and ten
///   nodes, one per next digit.
/// - \`PREFIX\`: the digits of the national prefix the code's regions share, if any.
/// - \`REGIONS\`: the code's regions (ISO 3166-1 alpha-2), the first libphonenumber's main
///   country for the code; for a code several regions share, each followed by the leading
///   digits (comma-separated) of national numbers that belong to it: the longest match
///   decides, no match means the first region. None for a non-geographic code.
pub(crate) static PLAN: &str = "\\
${lines.map((line) => `${escape(line)}\\n\\`).join("\n")}
";

/// The sets of lengths \`PLAN\`'s trees name: bit n set when national numbers may have n
/// digits (never so many that the whole number passes E.164's 15).
pub(crate) static LENGTH_SETS: [u16; ${sets.length}] = [
${setRows.join("\n")}
];
`;
  return { text, stats: { ...stats, sets: sets.length, plan: lines.join("\n").length + 1 + bitmap.length } };
}

export const numberingPlanPath = join(root, "src", "numbering_plan.rs");

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { text, stats } = generateNumberingPlan();
  if (process.argv.includes("--stdout")) {
    process.stdout.write(text);
  } else {
    writeFileSync(numberingPlanPath, text);
    console.log(
      `numbering plan: ${stats.codes} calling codes, ${stats.regions} regions, ${stats.prefixes} region prefixes, ` +
        `${stats.sets} length sets, ${stats.plan} + ${stats.sets * 2} bytes` +
        (stats.cutOff.length ? `, ${stats.cutOff.length} prefixes cut at ${MAX_PREFIX_DIGITS} digits` : "") +
        ` -> ${numberingPlanPath}`,
    );
  }
}
