#!/usr/bin/env node
// Renders every kustomization under deploy/kubernetes (the base, each overlay) and validates
// what would be applied, offline, with no cluster:
//   1. schema: each object against the Kubernetes OpenAPI schemas bundled in `kubernetes-models`
//      (KEDA's CRD schemas from `@kubernetes-models/keda`): types, required fields, formats;
//   2. strict: unknown fields (a misspelt `readinesProbe` is silently dropped by the API server)
//      caught by TypeScript's excess-property check against the same packages' types;
//   3. project rules: probes, resources, securityContext, references between objects.
// Rendering uses `kubectl kustomize` (set KUBECTL to use another binary); kubectl also turns the
// YAML into JSON (`kubectl patch --local`, no server involved), so no YAML parser is needed.
//
//   node scripts/validate-manifests.mjs [kustomization dir...]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = new URL('..', import.meta.url).pathname;
const DEPLOY = join(ROOT, 'deploy', 'kubernetes');
const KUBECTL = process.env.KUBECTL || 'kubectl';
const require = createRequire(import.meta.url);

/** The base, then every overlay: the kustomizations an operator may apply. */
function targets() {
  const requested = process.argv.slice(2);
  if (requested.length > 0) return requested.map((dir) => join(process.cwd(), dir));
  const overlays = join(DEPLOY, 'overlays');
  return [
    join(DEPLOY, 'base'),
    ...readdirSync(overlays, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(overlays, e.name))
      .sort(),
  ];
}

function kubectl(args, input) {
  try {
    return execFileSync(KUBECTL, args, {
      input,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      // No kubeconfig: nothing here may reach a cluster.
      env: { ...process.env, KUBECONFIG: '/dev/null' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    if (error.code === 'ENOENT') {
      throw new Error(
        `${KUBECTL} not found: kubectl (with its built-in kustomize) renders the manifests`,
      );
    }
    throw new Error(`${KUBECTL} ${args.join(' ')} failed:\n${error.stderr || error.message}`);
  }
}

/** `kubectl kustomize`, then the same documents as JSON objects, in order. */
function render(dir) {
  const yaml = kubectl(['kustomize', dir]);
  const json = kubectl(
    ['patch', '--local', '-f', '-', '--type', 'merge', '-p', '{}', '-o', 'json'],
    yaml,
  );
  // kubectl prints one indented JSON document per object; each closes with `}` alone on a line
  // (strings never hold a raw newline in JSON).
  const objects = [];
  let current = [];
  for (const line of json.split('\n')) {
    current.push(line);
    if (line === '}') {
      objects.push(JSON.parse(current.join('\n')));
      current = [];
    }
  }
  if (current.join('').trim() !== '') throw new Error(`unparsed kubectl output: ${current[0]}`);
  return objects;
}

/** Module of the model for an apiVersion and kind, in the two schema packages. */
function modelModule({ apiVersion, kind }) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  if (apiVersion.startsWith('keda.sh/')) return `@kubernetes-models/keda/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

const id = (o) => `${o.kind}/${o.metadata?.name ?? '?'}`;

/** 1. Each object against its JSON schema. */
function checkSchemas(objects, problems) {
  for (const object of objects) {
    const path = modelModule(object);
    let Model;
    try {
      Model = path && require(path)[object.kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      problems.push(`${id(object)}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      const errors = error.errors ?? [{ instancePath: '', message: error.message }];
      for (const e of errors) problems.push(`${id(object)}: ${e.instancePath || '/'} ${e.message}`);
    }
  }
}

/** 2. Unknown fields: each object as a typed object literal, compiled by TypeScript. */
function checkUnknownFields(objects, problems) {
  const imports = new Map();
  const lines = [];
  objects.forEach((object, index) => {
    const path = modelModule(object);
    if (!path) return;
    const type = `T${imports.size}`;
    const alias = imports.get(path) ?? type;
    if (!imports.has(path)) imports.set(path, alias);
    lines.push(`export const o${index}: ${alias} = ${JSON.stringify(object, null, 1)};`);
  });
  const header = [...imports].map(
    ([path, alias]) =>
      `import type { I${path.split('/').pop()} as ${alias} } from ${JSON.stringify(path)};`,
  );
  const source = [...header, ...lines].join('\n');
  // A virtual file at the repository root, so node_modules resolves as for any source file.
  const file = join(ROOT, '__manifests__.ts');
  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, version, true)
      : getSourceFile(name, version, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n').pop();
    if (!d.file || d.file.fileName !== file || d.start === undefined) {
      problems.push(`typescript: ${message}`);
      continue;
    }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const text = source.split('\n');
    let at = line;
    while (at > 0 && !text[at].startsWith('export const o')) at -= 1;
    const index = Number(/^export const o(\d+)/.exec(text[at] ?? '')?.[1]);
    const object = objects[index];
    problems.push(`${object ? id(object) : '?'}: ${message}`);
  }
}

const SECRET_KEYS = ['DATABASE_URL', 'RABBITMQ_URL', 'ML_ENCRYPTION_KEY', 'ADMIN_API_KEYS'];
const GRACE_AT_LEAST = { writer: 45, poller: 45 };

const matches = (selector, labels) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

/** 3. What the schemas cannot say: this project's rules and the references between objects. */
function checkRules(objects, problems, { allowKeda }) {
  const named = (kind) => objects.filter((o) => o.kind === kind);
  const names = (kind) => new Set(named(kind).map((o) => o.metadata.name));
  const configMaps = names('ConfigMap');
  const secrets = new Map(named('Secret').map((s) => [s.metadata.name, s]));
  const deployments = named('Deployment');
  const fail = (object, message) => problems.push(`${id(object)}: ${message}`);

  const workloads = [...deployments, ...named('Job')];
  for (const w of workloads) {
    const pod = w.spec.template.spec;
    if (
      w.kind === 'Deployment' &&
      !matches(w.spec.selector.matchLabels, w.spec.template.metadata?.labels)
    ) {
      fail(w, 'selector does not match the pod template labels');
    }
    if (pod.securityContext?.runAsNonRoot !== true) fail(w, 'pod must set runAsNonRoot: true');
    if (pod.automountServiceAccountToken !== false)
      fail(w, 'must not mount a service account token');
    if (pod.enableServiceLinks !== false) fail(w, 'enableServiceLinks must be false');
    const component = w.metadata.labels?.['app.kubernetes.io/component'];
    const minGrace = GRACE_AT_LEAST[component];
    if (minGrace && !(pod.terminationGracePeriodSeconds >= minGrace)) {
      fail(w, `terminationGracePeriodSeconds must be at least ${minGrace}`);
    }
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const where = `container ${c.name}`;
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true)
        fail(w, `${where}: readOnlyRootFilesystem must be true`);
      if (sc.allowPrivilegeEscalation !== false)
        fail(w, `${where}: allowPrivilegeEscalation must be false`);
      if (!sc.capabilities?.drop?.includes('ALL')) fail(w, `${where}: must drop ALL capabilities`);
      for (const kind of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory']) {
          if (c.resources?.[kind]?.[resource] === undefined)
            fail(w, `${where}: no ${kind}.${resource}`);
        }
      }
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef && !configMaps.has(from.configMapRef.name)) {
          fail(w, `${where}: ConfigMap ${from.configMapRef.name} is not in the rendering`);
        }
        if (from.secretRef && !secrets.has(from.secretRef.name)) {
          fail(w, `${where}: Secret ${from.secretRef.name} is not in the rendering`);
        }
      }
      if (w.kind !== 'Deployment') continue;
      const ports = new Set((c.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const get = c[probe]?.httpGet;
        if (!get) fail(w, `${where}: no ${probe} (httpGet)`);
        else if (!ports.has(get.port))
          fail(w, `${where}: ${probe} port ${get.port} is not a container port`);
      }
      if (c.livenessProbe?.httpGet?.path !== '/health/live')
        fail(w, `${where}: liveness must GET /health/live`);
      if (c.readinessProbe?.httpGet?.path !== '/health/ready')
        fail(w, `${where}: readiness must GET /health/ready`);
    }
  }

  for (const s of secrets.values()) {
    const keys = new Set(Object.keys({ ...s.data, ...s.stringData }));
    for (const key of SECRET_KEYS) if (!keys.has(key)) fail(s, `has no ${key}`);
  }

  const poller = deployments.find(
    (d) => d.metadata.labels?.['app.kubernetes.io/component'] === 'poller',
  );
  if (poller && poller.spec.replicas !== 2)
    fail(poller, 'runs 2 replicas (one polls a connection, the other stands by)');

  for (const pdb of named('PodDisruptionBudget')) {
    if (
      !deployments.some((d) =>
        matches(pdb.spec.selector.matchLabels, d.spec.template.metadata?.labels),
      )
    ) {
      fail(pdb, 'selects no Deployment');
    }
  }
  for (const svc of named('Service')) {
    const target = deployments.find((d) =>
      matches(svc.spec.selector, d.spec.template.metadata?.labels),
    );
    if (!target) fail(svc, 'selects no Deployment');
    const ports = new Set(
      (target?.spec.template.spec.containers ?? []).flatMap((c) =>
        (c.ports ?? []).flatMap((p) => [p.name, p.containerPort]),
      ),
    );
    for (const p of svc.spec.ports)
      if (target && !ports.has(p.targetPort))
        fail(svc, `targetPort ${p.targetPort} is not a container port`);
  }

  const scaled = new Map();
  for (const scaler of [...named('HorizontalPodAutoscaler'), ...named('ScaledObject')]) {
    const name = scaler.spec.scaleTargetRef.name;
    const target = deployments.find((d) => d.metadata.name === name);
    if (!target) fail(scaler, `scales ${name}, which is not in the rendering`);
    else if (target.spec.replicas !== undefined)
      fail(scaler, `${name} sets replicas, which every apply would reset`);
    if (scaled.has(name)) fail(scaler, `${name} is already scaled by ${scaled.get(name)}`);
    scaled.set(name, id(scaler));
  }
  const auths = new Map(named('TriggerAuthentication').map((t) => [t.metadata.name, t]));
  for (const so of named('ScaledObject')) {
    for (const trigger of so.spec.triggers) {
      const ref = trigger.authenticationRef?.name;
      if (ref && !auths.has(ref)) fail(so, `TriggerAuthentication ${ref} is not in the rendering`);
      if (
        trigger.type === 'rabbitmq' &&
        !/\.changes\.hubspot$/.test(trigger.metadata?.queueName ?? '')
      ) {
        fail(so, 'the rabbitmq trigger must watch <QUEUE_PREFIX>.changes.hubspot');
      }
    }
  }
  for (const auth of auths.values()) {
    for (const ref of auth.spec.secretTargetRef ?? []) {
      const secret = secrets.get(ref.name);
      if (!secret) fail(auth, `Secret ${ref.name} is not in the rendering`);
      else if (!(ref.key in { ...secret.data, ...secret.stringData }))
        fail(auth, `Secret ${ref.name} has no ${ref.key}`);
    }
  }
  if (!allowKeda) {
    for (const o of objects)
      if (o.apiVersion.startsWith('keda.sh/')) fail(o, 'the base must not need KEDA');
  }
}

let failures = 0;
let count = 0;
for (const dir of targets()) {
  const name = relative(ROOT, dir) || '.';
  if (!existsSync(join(dir, 'kustomization.yaml'))) {
    console.error(`${name}: no kustomization.yaml`);
    failures += 1;
    continue;
  }
  const problems = [];
  let objects = [];
  try {
    objects = render(dir);
    checkSchemas(objects, problems);
    checkUnknownFields(objects, problems);
    checkRules(objects, problems, { allowKeda: !dir.endsWith(join('kubernetes', 'base')) });
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  count += objects.length;
  if (problems.length > 0) {
    failures += 1;
    console.error(`FAIL ${name} (${objects.length} objects)`);
    for (const p of problems) console.error(`  ${p}`);
  } else {
    const kinds = [...new Set(objects.map((o) => o.kind))].join(', ');
    console.log(`ok   ${name}: ${objects.length} objects (${kinds})`);
  }
}
if (failures > 0) {
  console.error(`manifests: ${failures} kustomization(s) invalid`);
  process.exit(1);
}
console.log(`manifests: every kustomization renders and validates (${count} objects)`);
