/**
 * Test support (not used by the app): checks a Terraform export, parsed to JSON by HashiCorp's HCL parser
 * (`@cdktf/hcl2json`, which writes Terraform's JSON syntax), against the provider arguments in
 * terraform-provider-args.json: every block type, argument name and value type must be documented.
 */
import providerArgs from './terraform-provider-args.json';

/** A documented type: a primitive, or a nested block with its own arguments. */
type ArgType = string | { block: Record<string, ArgType> };
interface ResourceDoc {
  doc: string;
  commit: string;
  arguments: Record<string, ArgType>;
  addedAfterCommit?: { minProviderVersion: string; arguments: Record<string, ArgType> };
}

const RESOURCES = providerArgs.resources as Record<string, ResourceDoc>;
const PROVIDERS = providerArgs.provider as Record<string, ResourceDoc>;
const LANGUAGE = providerArgs.terraformLanguage;

/** Where the arguments of a resource come from, for messages. */
export function docOf(type: string): string {
  const r = RESOURCES[type] ?? PROVIDERS[type];
  if (!r) return `no provider doc for ${type}`;
  const later = r.addedAfterCommit ? `; later additions: ${Object.keys(r.addedAfterCommit.arguments).join(', ')}` : '';
  return `${r.doc} at commit ${r.commit}${later}`;
}

/** The documented arguments of a resource (or provider block), later additions included. */
export function documentedArguments(type: string): Record<string, ArgType> | null {
  const r = RESOURCES[type] ?? PROVIDERS[type];
  return r ? { ...r.arguments, ...(r.addedAfterCommit?.arguments ?? {}) } : null;
}

/**
 * The literal text of a string in Terraform's JSON syntax (a template): `$${` and `%%{` are escapes for `${` and
 * `%{`. Returns null when the string holds an interpolation or a directive.
 */
export function templateText(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; ) {
    if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
      out += `${s[i]}{`;
      i += 3;
    } else if (s.startsWith('${', i) || s.startsWith('%{', i)) {
      return null;
    } else {
      out += s[i];
      i += 1;
    }
  }
  return out;
}

/** `${a.b.c}` → `a.b.c`; null when the string is not exactly one reference. */
export function referenceOf(s: string): string | null {
  const m = /^\$\{([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\}$/.exec(s);
  return m ? m[1]! : null;
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every problem in a parsed export; empty when it only uses documented arguments with their documented types. */
export function checkExport(parsed: Record<string, Json>): string[] {
  const problems: string[] = [];
  const variables = new Set<string>();
  const resources = new Set<string>();

  // Blocks hcl2json writes as `{ name: [ {body} ] }`; one body per block.
  const bodies = (where: string, v: Json): Array<Record<string, Json>> => {
    if (!Array.isArray(v) || !v.every(isObject)) {
      problems.push(`${where}: expected a block`);
      return [];
    }
    return v as Array<Record<string, Json>>;
  };

  for (const [name, v] of Object.entries(isObject(parsed.variable) ? parsed.variable : {})) {
    variables.add(name);
    for (const body of bodies(`variable.${name}`, v)) {
      for (const [k, val] of Object.entries(body)) {
        if (!(k in LANGUAGE.variable)) problems.push(`variable.${name}: argument "${k}" is not a variable argument`);
        else if (val !== '${string}') problems.push(`variable.${name}: type must be string, got ${JSON.stringify(val)}`);
      }
    }
  }
  const resourceBlocks = isObject(parsed.resource) ? parsed.resource : {};
  for (const [type, named] of Object.entries(resourceBlocks)) {
    if (isObject(named)) for (const name of Object.keys(named)) resources.add(`${type}.${name}`);
  }

  /** A string value: a literal, or one reference to a declared string variable or an exported resource's id. */
  const checkString = (where: string, v: Json): void => {
    if (typeof v !== 'string') {
      problems.push(`${where}: expected String, got ${JSON.stringify(v)}`);
      return;
    }
    if (templateText(v) !== null) return;
    const ref = referenceOf(v);
    const parts = ref?.split('.') ?? [];
    const ok =
      (parts.length === 2 && parts[0] === 'var' && variables.has(parts[1]!)) ||
      (parts.length === 3 && parts[2] === 'id' && resources.has(`${parts[0]}.${parts[1]}`));
    if (!ok) problems.push(`${where}: ${JSON.stringify(v)} interpolates something that is not a declared variable or exported id`);
  };

  const checkValue = (where: string, type: ArgType, v: Json): void => {
    if (typeof type !== 'string') {
      for (const body of bodies(where, v)) checkBody(where, type.block, body, () => `the ${where} block of ${docOf(where.split('.')[0]!)}`);
      return;
    }
    if (type === 'String') checkString(where, v);
    else if (type === 'Int') {
      if (typeof v !== 'number' || !Number.isInteger(v)) problems.push(`${where}: expected Int, got ${JSON.stringify(v)}`);
    } else if (type === 'Bool') {
      if (typeof v !== 'boolean') problems.push(`${where}: expected Bool, got ${JSON.stringify(v)}`);
    } else if (type === 'Map') {
      if (!isObject(v)) problems.push(`${where}: expected Map, got ${JSON.stringify(v)}`);
      else for (const [k, val] of Object.entries(v)) checkString(`${where}[${JSON.stringify(k)}]`, val);
    } else if (type === 'List(String)') {
      if (!Array.isArray(v)) problems.push(`${where}: expected List, got ${JSON.stringify(v)}`);
      else v.forEach((val, i) => checkString(`${where}[${i}]`, val));
    } else {
      problems.push(`${where}: unknown documented type ${type}`);
    }
  };

  const checkBody = (where: string, args: Record<string, ArgType>, body: Record<string, Json>, source: () => string): void => {
    for (const [k, v] of Object.entries(body)) {
      const type = args[k];
      if (type === undefined) problems.push(`${where}: argument "${k}" is not in the provider docs (${source()})`);
      else checkValue(`${where}.${k}`, type, v);
    }
  };

  for (const [key, value] of Object.entries(parsed)) {
    if (key === 'variable') continue;
    if (key === 'terraform') {
      for (const body of bodies('terraform', value)) {
        for (const [k, v] of Object.entries(body)) {
          if (k !== 'required_providers') {
            problems.push(`terraform: "${k}" is not written by the export`);
            continue;
          }
          for (const rp of bodies('terraform.required_providers', v)) {
            for (const [provider, spec] of Object.entries(rp)) {
              if (!(provider in PROVIDERS)) problems.push(`terraform.required_providers: unknown provider ${provider}`);
              if (!isObject(spec)) problems.push(`terraform.required_providers.${provider}: expected an object`);
              else checkBody(`required_providers.${provider}`, Object.fromEntries(Object.keys(LANGUAGE.required_providers).map((a) => [a, 'String'])), spec, () => 'Terraform language');
            }
          }
        }
      }
    } else if (key === 'provider') {
      for (const [name, v] of Object.entries(isObject(value) ? value : {})) {
        const args = documentedArguments(name);
        if (!args) problems.push(`provider.${name}: not a documented provider`);
        else for (const body of bodies(`provider.${name}`, v)) checkBody(`provider.${name}`, args, body, () => docOf(name));
      }
    } else if (key === 'resource') {
      for (const [type, named] of Object.entries(resourceBlocks)) {
        const args = documentedArguments(type);
        if (!args) {
          problems.push(`resource type ${type} is not in terraform-provider-args.json`);
          continue;
        }
        for (const [name, v] of Object.entries(isObject(named) ? named : {})) {
          for (const body of bodies(`${type}.${name}`, v)) checkBody(`${type}.${name}`, args, body, () => docOf(type));
        }
      }
    } else {
      problems.push(`top-level "${key}" is not written by the export`);
    }
  }
  return problems;
}
