"""fakehub's deploy endpoints (issues 10 and 11): environments, deployments
and their statuses, workflow dispatch, re-run and cancel, compare, pending
deployments and approvals, the workflows list.

A mixin of fakehub's Handler: it uses the handler's send, json_cached,
rate_headers, find_repo and not_found, and the helpers fakehub lends it as
`self.fh` (state_at, iso, qint, DOCS, build_run). Bodies are GitHub's
official examples (tests/data/github/deploy/) with fields from the
scenario. Mutating requests are answered only when the scenario says
"writes": true (or fakehub runs with --writes); otherwise they keep the
old answer, a logged 404, so read-only tests assert from the log alone.
"""
import copy, hashlib, json, os, re, time
from urllib.parse import urlsplit, parse_qs, quote, unquote

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data', 'github', 'deploy')
# The largest journal copied into a log entry (--snoop).
SNOOP_MAX = 1 << 20


def tmpl(name):
    with open(os.path.join(DATA, name + '.json')) as f:
        return json.load(f)


ENV_T = tmpl('environments')['environments'][0]
DEPLOY_T = tmpl('deployment-simple-example')
STATUS_T = tmpl('deployment-status')
DISPATCH_T = tmpl('workflow-dispatch-response')
COMPARE_T = tmpl('commit-comparison')
PENDING_T = tmpl('pending-deployment-items')[0]
# The official example's Team reviewer lacks the "type" its schema requires
# (github-api.md 6.3): the fake serves the schema's shape, an org team.
for _r in PENDING_T['reviewers']:
    if _r['type'] == 'Team':
        _r['reviewer'].setdefault('type', 'organization')
APPROVAL_T = tmpl('environment-approvals-items')[0]
WORKFLOW_T = tmpl('workflow-paginated')['workflows'][0]
REPO_T = tmpl('full-repository-default-response')
COMBINED_T = tmpl('combined-commit-status')
with open(os.path.join(HERE, 'examples', 'schemas-deploy.json')) as _f:
    SCHEMAS = json.load(_f)
REQUEST_SCHEMAS = SCHEMAS['requests']
STATES = ('error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success')
R = r'/repos/([^/]+/[^/]+)'


def read_snoop(path):
    """The journal file as it is on disk right now (what a test compares
    with the request that arrives at this moment)."""
    try:
        with open(path, 'rb') as f:
            data = f.read(SNOOP_MAX + 1)
    except OSError as e:
        return {'path': path, 'error': e.strerror or str(e), 'content': None}
    return {'path': path, 'content': data[:SNOOP_MAX].decode('utf-8', 'replace'),
            'truncated': len(data) > SNOOP_MAX}


def body_errors(schema, body, resource):
    """GitHub's validation errors for a request body: required fields,
    top-level types and enums of the request schema."""
    if body is None:
        return [] if schema.get('nullable') or not schema.get('required') else \
            [{'resource': resource, 'field': k, 'code': 'missing_field'} for k in schema['required']]
    if not isinstance(body, dict):
        return [{'resource': resource, 'field': '', 'code': 'invalid'}]
    errs = [{'resource': resource, 'field': k, 'code': 'missing_field'}
            for k in schema.get('required', []) if k not in body]
    types = {'string': str, 'boolean': bool, 'object': dict, 'array': list}
    for k, v in body.items():
        p = schema.get('properties', {}).get(k)
        if p is None:
            continue
        alts = p.get('oneOf', [p])
        good = False
        for a in alts:
            t = a.get('type')
            if v is None and a.get('nullable'):
                good = True
            elif t == 'integer':
                good = good or (isinstance(v, int) and not isinstance(v, bool))
            elif t in types:
                good = good or (isinstance(v, types[t]) and (t != 'array' or all(
                    isinstance(x, int) and not isinstance(x, bool) for x in v)
                    if a.get('items', {}).get('type') == 'integer' else True))
            elif t is None:
                good = True
        if good and 'enum' in p and v not in p['enum']:
            good = False
        if good and 'maxProperties' in p and isinstance(v, dict) and len(v) > p['maxProperties']:
            good = False
        if not good:
            errs.append({'resource': resource, 'field': k, 'code': 'invalid'})
    return errs


class DeployRoutes:
    # --- scenario objects -------------------------------------------------
    def next_id(self):
        st = self.server.state
        st.deploy_next_id = getattr(st, 'deploy_next_id', 900000000) + 1
        return st.deploy_next_id

    def default_branch(self, repo):
        return repo.get('default_branch', 'main')

    def resolve(self, repo, ref):
        """The SHA a ref names: a full SHA, a prefix of a known commit, a
        name in "refs", the default branch (the last commit), or a stable
        made-up SHA for anything else."""
        commits = repo.get('commits', [])
        if re.fullmatch(r'[0-9a-f]{40}', ref or ''):
            return ref
        for c in commits:
            if len(ref or '') >= 7 and c['sha'].startswith(ref):
                return c['sha']
        refs = repo.get('refs', {})
        if ref in refs:
            return refs[ref]
        if ref == self.default_branch(repo) and commits:
            return commits[-1]['sha']
        return hashlib.sha1(('ref:' + str(ref)).encode()).hexdigest()

    def env_spec(self, repo, name):
        for e in repo.get('environments', []):
            if e['name'] == name:
                return e
        return None

    def env_id(self, e):
        return e.get('id') or int(hashlib.sha1(e['name'].encode()).hexdigest()[:7], 16)

    def build_env(self, repo, e):
        st = self.server.state
        env = copy.deepcopy(ENV_T)
        t = self.fh.iso(st.start + e.get('created', -86400))
        rules = []
        for r in env['protection_rules']:
            if r['type'] == 'wait_timer' and 'wait_timer' in e:
                rules.append(dict(r, wait_timer=e['wait_timer']))
            elif r['type'] == 'required_reviewers' and e.get('reviewers'):
                rules.append(r)
            elif r['type'] == 'branch_policy' and e.get('branch_policy'):
                rules.append(r)
        env.update({'id': self.env_id(e), 'name': e['name'], 'created_at': t, 'updated_at': t,
                    'node_id': 'ENV_%d' % self.env_id(e), 'protection_rules': rules,
                    'url': '%s/repos/%s/environments/%s' % (st.base, repo['name'], quote(e['name'], safe='')),
                    'html_url': 'https://github.com/%s/deployments/activity_log?environments_filter=%s'
                                % (repo['name'], quote(e['name'], safe=''))})
        if not e.get('branch_policy'):
            env['deployment_branch_policy'] = None
        return env

    def build_status(self, repo, d, s):
        st = self.server.state
        out = copy.deepcopy(STATUS_T)
        t = self.fh.iso(st.start + s.get('created', d.get('created', -3600)))
        durl = '%s/repos/%s/deployments/%d' % (st.base, repo['name'], d['id'])
        out.update({'id': s['id'], 'state': s['state'], 'description': s.get('description', ''),
                    'environment': s.get('environment', d['environment']),
                    'created_at': t, 'updated_at': t, 'node_id': 'DS_%d' % s['id'],
                    'deployment_url': durl, 'url': '%s/statuses/%d' % (durl, s['id']),
                    'repository_url': '%s/repos/%s' % (st.base, repo['name']),
                    'log_url': s.get('log_url', ''), 'target_url': s.get('log_url', ''),
                    'environment_url': s.get('environment_url', '')})
        out['creator'] = dict(out['creator'], login=s.get('creator', d.get('creator', 'octocat')))
        return out

    def build_deployment(self, repo, d):
        st = self.server.state
        out = copy.deepcopy(DEPLOY_T)
        t = self.fh.iso(st.start + d.get('created', -3600))
        url = '%s/repos/%s/deployments/%d' % (st.base, repo['name'], d['id'])
        out.update({'id': d['id'], 'sha': d['sha'], 'ref': d.get('ref', d['sha']),
                    'task': d.get('task', 'deploy'), 'environment': d['environment'],
                    'original_environment': d.get('original_environment', d['environment']),
                    'description': d.get('description', ''), 'payload': d.get('payload', {}),
                    'created_at': t, 'updated_at': t, 'node_id': 'DE_%d' % d['id'],
                    'production_environment': d.get('production_environment',
                                                    d['environment'] == 'production'),
                    'transient_environment': d.get('transient_environment', False),
                    'url': url, 'statuses_url': url + '/statuses',
                    'repository_url': '%s/repos/%s' % (st.base, repo['name'])})
        out['creator'] = dict(out['creator'], login=d.get('creator', 'octocat'))
        return out

    def workflows(self, repo):
        """The scenario's "workflows", else one per workflow of its runs."""
        if 'workflows' in repo:
            return repo['workflows']
        seen = {}
        for r in repo.get('runs', []):
            wid = r.get('workflow_id', 1)
            if wid not in seen:
                name = r.get('name', 'CI')
                seen[wid] = {'id': wid, 'name': name,
                             'path': '.github/workflows/%s.yml' % re.sub(r'[^a-z0-9]+', '-', name.lower())}
        return list(seen.values())

    def find_workflow(self, repo, key):
        for w in self.workflows(repo):
            if str(w['id']) == key or os.path.basename(w['path']) == key:
                return w
        return None

    def build_workflow(self, repo, w):
        st = self.server.state
        out = copy.deepcopy(WORKFLOW_T)
        out.update({'id': w['id'], 'name': w['name'], 'path': w['path'], 'state': w.get('state', 'active'),
                    'node_id': 'WF_%d' % w['id'],
                    'url': '%s/repos/%s/actions/workflows/%d' % (st.base, repo['name'], w['id']),
                    'html_url': 'https://github.com/%s/blob/main/%s' % (repo['name'], w['path']),
                    'badge_url': 'https://github.com/%s/workflows/%s/badge.svg' % (repo['name'], quote(w['name']))})
        return out

    def paginate(self, items, q, url):
        """One page of items and its Link header (GitHub's rels)."""
        per_page = max(1, min(100, self.fh.qint(q, 'per_page', 30)))
        page = max(1, self.fh.qint(q, 'page', 1))
        last = max(1, (len(items) + per_page - 1) // per_page)
        keep = ''.join('&%s=%s' % (k, quote(v[0], safe=''))
                       for k, v in sorted(q.items()) if k not in ('per_page', 'page'))
        link = []
        mk = lambda p: '<%s?per_page=%d%s&page=%d>' % (url, per_page, keep, p)
        if page < last:
            link += [mk(page + 1) + '; rel="next"', mk(last) + '; rel="last"']
        if page > 1:
            link += [mk(1) + '; rel="first"', mk(page - 1) + '; rel="prev"']
        extra = {'Link': ', '.join(link)} if link else {}
        return items[(page - 1) * per_page: page * per_page], extra

    def sorted_deployments(self, repo):
        return sorted(repo.get('deployments', []), key=lambda d: (d.get('created', -3600), d['id']),
                      reverse=True)

    def sorted_statuses(self, d):
        return sorted(d.get('statuses', []), key=lambda s: (s.get('created', d.get('created', -3600)), s['id']),
                      reverse=True)

    # --- GET ------------------------------------------------------------
    def deploy_get(self, path, q):
        """Answers a deploy GET and returns True, or returns False."""
        st = self.server.state
        m = re.fullmatch(R + r'/(environments|deployments|actions/workflows)', path)
        if m:
            repo = self.find_repo(m.group(1))
            if repo is None:
                self.not_found()
            elif m.group(2) == 'environments':
                envs = [self.build_env(repo, e) for e in repo.get('environments', [])]
                # The spec declares no Link header here.
                chunk, _ = self.paginate(envs, q, '')
                self.json_cached({'total_count': len(envs), 'environments': chunk})
            elif m.group(2) == 'deployments':
                ds = [self.build_deployment(repo, d) for d in self.sorted_deployments(repo)]
                for k in ('environment', 'sha', 'ref', 'task'):
                    v = q.get(k, [None])[0]
                    if v is not None:
                        ds = [d for d in ds if d[k] == v]
                chunk, extra = self.paginate(ds, q, '%s/repos/%s/deployments' % (st.base, repo['name']))
                self.json_cached(chunk, extra)
            else:
                ws = [self.build_workflow(repo, w) for w in self.workflows(repo)]
                chunk, extra = self.paginate(ws, q, '%s/repos/%s/actions/workflows' % (st.base, repo['name']))
                self.json_cached({'total_count': len(ws), 'workflows': chunk}, extra)
            return True
        m = re.fullmatch(R + r'/deployments/(\d+)(/statuses)?', path)
        if m:
            repo, d = self.find_deployment(m.group(1), int(m.group(2)))
            if d is None:
                self.not_found()
            elif m.group(3):
                ss = [self.build_status(repo, d, s) for s in self.sorted_statuses(d)]
                chunk, extra = self.paginate(ss, q, '%s/repos/%s/deployments/%d/statuses'
                                             % (st.base, repo['name'], d['id']))
                self.json_cached(chunk, extra)
            else:
                self.json_cached(self.build_deployment(repo, d))
            return True
        m = re.fullmatch(R, path)
        if m:
            repo = self.find_repo(m.group(1))
            if repo is None:
                self.not_found()
            else:
                self.json_cached(self.build_repo(repo))
            return True
        m = re.fullmatch(R + r'/commits/(.+)/status', path)
        if m:
            repo = self.find_repo(m.group(1))
            ref = unquote(m.group(2))
            if repo is None or not self.known_ref(repo, ref):
                self.not_found()
            else:
                self.json_cached(self.build_combined(repo, ref))
            return True
        m = re.fullmatch(R + r'/actions/workflows/([^/]+)/runs', path)
        if m:
            repo = self.find_repo(m.group(1))
            w = self.find_workflow(repo, unquote(m.group(2))) if repo else None
            if w is None:
                self.not_found()
            else:
                self.runs(repo['name'], q, workflow_id=w['id'],
                          link_path='actions/workflows/%s/runs' % m.group(2))
            return True
        m = re.fullmatch(R + r'/compare/(.+)', path)
        if m:
            self.compare(m.group(1), unquote(m.group(2)))
            return True
        m = re.fullmatch(R + r'/actions/runs/(\d+)/(pending_deployments|approvals)', path)
        if m:
            repo, r = self.find_run(m.group(1), int(m.group(2)))
            if r is None:
                self.not_found()
            elif m.group(3) == 'approvals':
                self.json_cached([self.build_approval(repo, a) for a in r.get('approvals', [])])
            else:
                self.json_cached([self.build_pending(repo, p) for p in r.get('pending', [])])
            return True
        return False

    def known_ref(self, repo, ref):
        if re.fullmatch(r'[0-9a-f]{40}', ref):
            return True
        if len(ref) >= 7 and any(c['sha'].startswith(ref) for c in repo.get('commits', [])):
            return True
        return ref in repo.get('refs', {}) or ref == self.default_branch(repo)

    def build_repo(self, repo):
        """GET /repos/O/R: the official example with the scenario's name
        and default branch."""
        out = copy.deepcopy(REPO_T)
        owner, name = repo['name'].split('/', 1)
        out.update({'name': name, 'full_name': repo['name'],
                    'default_branch': self.default_branch(repo),
                    'url': '%s/repos/%s' % (self.server.state.base, repo['name']),
                    'html_url': 'https://github.com/%s' % repo['name']})
        out['owner'] = dict(out['owner'], login=owner)
        return out

    def build_combined(self, repo, ref):
        """GET .../commits/REF/status: the combined status of the SHA the
        ref names; the scenario has no commit statuses, so it is "pending"
        with none, as GitHub answers for a commit nobody reported on."""
        out = copy.deepcopy(COMBINED_T)
        sha = self.resolve(repo, ref)
        out.update({'sha': sha, 'state': 'pending', 'statuses': [], 'total_count': 0,
                    'commit_url': '%s/repos/%s/commits/%s' % (self.server.state.base, repo['name'], sha),
                    'url': '%s/repos/%s/commits/%s/status' % (self.server.state.base, repo['name'], sha)})
        return out

    def find_deployment(self, name, did):
        repo = self.find_repo(name)
        for d in (repo or {}).get('deployments', []):
            if d['id'] == did:
                return repo, d
        return repo, None

    def env_ref(self, repo, name):
        """The short environment object of pending deployments and approvals."""
        st = self.server.state
        e = self.env_spec(repo, name) or {'name': name}
        return {'id': self.env_id(e), 'node_id': 'ENV_%d' % self.env_id(e), 'name': name,
                'url': '%s/repos/%s/environments/%s' % (st.base, repo['name'], quote(name, safe='')),
                'html_url': 'https://github.com/%s/deployments/activity_log?environments_filter=%s'
                            % (repo['name'], quote(name, safe=''))}

    def build_pending(self, repo, p):
        st = self.server.state
        out = copy.deepcopy(PENDING_T)
        out['environment'] = self.env_ref(repo, p['environment'])
        out['wait_timer'] = p.get('wait_timer', 0)
        out['wait_timer_started_at'] = (self.fh.iso(st.start + p['wait_started'])
                                        if 'wait_started' in p else None)
        out['current_user_can_approve'] = p.get('can_approve', True)
        return out

    def build_approval(self, repo, a):
        st = self.server.state
        out = copy.deepcopy(APPROVAL_T)
        t = self.fh.iso(st.start - 86400)
        out['environments'] = [dict(self.env_ref(repo, n), created_at=t, updated_at=t)
                               for n in a['environments']]
        out['state'] = a['state']
        out['comment'] = a.get('comment', '')
        out['user'] = dict(out['user'], login=a.get('user', 'octocat'))
        return out

    def compare(self, name, basehead):
        """GET compare/BASE...HEAD over the scenario's linear "commits"
        (oldest first): ahead when HEAD is later, behind when earlier."""
        st = self.server.state
        repo = self.find_repo(name)
        parts = basehead.split('...')
        if repo is None or len(parts) != 2:
            return self.not_found()
        shas = [c['sha'] for c in repo.get('commits', [])]
        base, head = (self.resolve(repo, p) for p in parts)
        if base not in shas or head not in shas:
            return self.not_found()
        i, j = shas.index(base), shas.index(head)
        commits = repo['commits'][i + 1:j + 1] if j > i else []
        out = copy.deepcopy(COMPARE_T)
        ctemplate = out['commits'][0]
        ftemplate = out['files'][0]
        out['commits'] = [self.build_commit(repo, ctemplate, c, k + i) for k, c in enumerate(commits)]
        files = []
        for c in commits:
            for fn in c.get('files', []):
                if fn not in files:
                    files.append(fn)
        out['files'] = [dict(copy.deepcopy(ftemplate), filename=fn, status='modified', patch='')
                        for fn in files]
        out['base_commit'] = self.build_commit(repo, out['base_commit'], repo['commits'][i], i - 1)
        out['merge_base_commit'] = self.build_commit(repo, out['merge_base_commit'],
                                                     repo['commits'][min(i, j)], min(i, j) - 1)
        out.update({'status': 'identical' if i == j else 'ahead' if j > i else 'behind',
                    'ahead_by': max(0, j - i), 'behind_by': max(0, i - j), 'total_commits': len(commits),
                    'url': '%s/repos/%s/compare/%s' % (st.base, repo['name'], quote(basehead, safe='.')),
                    'html_url': 'https://github.com/%s/compare/%s' % (repo['name'], basehead),
                    'permalink_url': 'https://github.com/%s/compare/%s...%s' % (repo['name'], base, head),
                    'diff_url': 'https://github.com/%s/compare/%s.diff' % (repo['name'], basehead),
                    'patch_url': 'https://github.com/%s/compare/%s.patch' % (repo['name'], basehead)})
        return self.json_cached(out)

    def build_commit(self, repo, template, c, parent_index):
        st = self.server.state
        out = copy.deepcopy(template)
        sha = c['sha']
        t = self.fh.iso(st.start + c.get('created', -86400))
        out['sha'] = sha
        out['node_id'] = 'C_' + sha[:12]
        out['url'] = '%s/repos/%s/commits/%s' % (st.base, repo['name'], sha)
        out['html_url'] = 'https://github.com/%s/commit/%s' % (repo['name'], sha)
        out['comments_url'] = out['url'] + '/comments'
        out['commit'] = dict(out['commit'], message=c.get('message', 'commit ' + sha[:7]),
                             url='%s/repos/%s/git/commits/%s' % (st.base, repo['name'], sha))
        out['commit']['author'] = dict(out['commit']['author'], date=t, name=c.get('author', 'Monalisa Octocat'))
        out['commit']['committer'] = dict(out['commit']['committer'], date=t)
        parents = repo.get('commits', [])
        out['parents'] = ([{'sha': parents[parent_index]['sha'],
                            'url': '%s/repos/%s/commits/%s' % (st.base, repo['name'], parents[parent_index]['sha'])}]
                          if parent_index >= 0 else [])
        return out

    # --- mutating requests ----------------------------------------------
    def writes_on(self):
        st = self.server.state
        return bool(st.scenario.get('writes') or getattr(st, 'writes', False))

    def write_api(self, raw):
        """Every POST, PUT, PATCH and DELETE on an API path: logged with
        its exact body (and the snooped journal), then answered."""
        st = self.server.state
        self.log_extra = {'body': raw.decode('utf-8', 'replace')}
        snoop = getattr(st, 'snoop', None)
        if snoop:
            self.log_extra['snoop'] = read_snoop(snoop)
        try:
            body = json.loads(raw) if raw.strip() else None
        except ValueError:
            body = ValueError
        if not self.writes_on():
            if body is ValueError and self.command == 'POST':
                return self.send(400, {'message': 'bad JSON'})
            return self.not_found()
        u = urlsplit(self.path)
        path, q = u.path, parse_qs(u.query)
        docs = self.fh.DOCS
        if st.ghes:
            if not path.startswith('/api/v3/'):
                return self.not_found()
            path = path[len('/api/v3'):]
        if not self.headers.get('Authorization'):
            return self.send(401, {'message': 'Requires authentication', 'documentation_url': docs},
                             self.rate_headers(True))
        m = re.match(R + r'(/.*)?$', path)
        moved = st.scenario.get('moved', {})
        if m and m.group(1).lower() in moved:
            # A mutating request to a renamed repository: 307, not 301.
            loc = '%s/repos/%s%s' % (st.base, moved[m.group(1).lower()], m.group(2) or '')
            return self.send(307, {'message': 'Temporary Redirect', 'url': loc, 'documentation_url': docs},
                             dict(self.rate_headers(True), Location=loc))
        f = self.take_fault(path)
        if f is not None and f['kind'] == 'slow':
            time.sleep(min(f['seconds'], 30))
        elif f is not None:
            return self.do_fault(f)
        if self.exhausted():
            return self.send(403, {'message': 'API rate limit exceeded for user ID 1.',
                                   'documentation_url': docs}, self.rate_headers(False))
        if body is ValueError:
            return self.send(400, {'message': 'Problems parsing JSON', 'documentation_url': docs},
                             self.rate_headers(True))
        if self.command == 'DELETE':
            routes = ((R + r'/issues/(\d+)/labels/([^/]+)', None, self.delete_label),)
        elif self.command != 'POST':
            return self.not_found()
        else:
            routes = ()
        routes = routes or (
            (R + r'/deployments', 'POST /repos/{owner}/{repo}/deployments', self.post_deployment),
            (R + r'/deployments/(\d+)/statuses', 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
             self.post_status),
            (R + r'/actions/workflows/([^/]+)/dispatches',
             'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', self.post_dispatch),
            (R + r'/actions/runs/(\d+)/rerun-failed-jobs',
             'POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs', self.post_rerun),
            (R + r'/actions/runs/(\d+)/cancel', None, self.post_cancel),
            (R + r'/actions/runs/(\d+)/pending_deployments',
             'POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments', self.post_review),
            # The issue actions (fakehub_issues.py).
            (R + r'/issues', None, self.post_issue),
            (R + r'/issues/(\d+)/comments', None, self.post_comment),
            (R + r'/issues/(\d+)/labels', None, self.post_labels),
        )
        for rx, key, fn in routes:
            m = re.fullmatch(rx, path)
            if not m:
                continue
            repo = self.find_repo(m.group(1))
            if repo is None:
                return self.not_found()
            if key is not None:
                errs = body_errors(REQUEST_SCHEMAS[key], body, fn.__name__.split('_', 1)[1])
                if errs:
                    return self.send(422, {'message': 'Validation Failed', 'errors': errs,
                                           'documentation_url': docs}, self.rate_headers(True))
            # The change is made under the lock; the answer after it.
            with st.lock:
                res = fn(repo, body, q, *m.groups()[1:])
            h = self.rate_headers(True)
            h.update(res[2] if len(res) > 2 else {})
            return self.send(res[0], res[1], h)
        return self.not_found()

    def post_deployment(self, repo, body, q):
        d = {'id': self.next_id(), 'ref': body['ref'], 'sha': self.resolve(repo, body['ref']),
             'environment': body.get('environment', 'production'), 'task': body.get('task', 'deploy'),
             'description': body.get('description') or '', 'payload': body.get('payload', {}),
             'created': self.server.state.elapsed(), 'creator': 'octocat', 'statuses': []}
        for k in ('production_environment', 'transient_environment'):
            if k in body:
                d[k] = body[k]
        repo.setdefault('deployments', []).append(d)
        return (201, self.build_deployment(repo, d))

    def post_status(self, repo, body, q, did):
        d = next((x for x in repo.get('deployments', []) if x['id'] == int(did)), None)
        if d is None:
            return (404, {'message': 'Not Found', 'documentation_url': self.fh.DOCS})
        now = self.server.state.elapsed()
        s = {'id': self.next_id(), 'state': body['state'], 'created': now,
             'description': body.get('description', ''), 'creator': 'octocat',
             'log_url': body.get('log_url', body.get('target_url', '')),
             'environment_url': body.get('environment_url', '')}
        if 'environment' in body:
            s['environment'] = body['environment']
            d['environment'] = body['environment']
        d.setdefault('statuses', []).append(s)
        prod = d.get('production_environment', d['environment'] == 'production')
        if (body['state'] == 'success' and body.get('auto_inactive', True) and not prod
                and not d.get('transient_environment')):
            # auto_inactive [spec]: earlier successful deployments of this
            # (non-production, non-transient) environment become inactive.
            for o in repo.get('deployments', []):
                if (o is not d and o['environment'] == d['environment']
                        and any(x['state'] == 'success' for x in o.get('statuses', []))):
                    o['statuses'].append({'id': self.next_id(), 'state': 'inactive', 'created': now,
                                          'creator': 'octocat'})
        st = self.server.state
        loc = '%s/repos/%s/deployments/%d/statuses/%d' % (st.base, repo['name'], d['id'], s['id'])
        return (201, self.build_status(repo, d, s), {'Location': loc})

    def post_dispatch(self, repo, body, q, key):
        """204, and a new workflow_dispatch run in the runs list (after the
        scenario's "dispatch_delay" fake seconds, to test the race). It
        advances on fakehub's clock (/__control/advance moves it)."""
        w = self.find_workflow(repo, unquote(key))
        if w is None:
            return (404, {'message': 'Not Found', 'documentation_url': self.fh.DOCS})
        sc = self.server.state.scenario
        now = self.server.state.elapsed()
        rid = self.next_id()
        states = [{'at': now, 'status': 'queued'}]
        for s in sc.get('dispatch_states', [{'after': 5, 'status': 'in_progress'},
                                            {'after': 60, 'status': 'completed', 'conclusion': 'success'}]):
            states.append(dict({k: v for k, v in s.items() if k != 'after'}, at=now + s.get('after', 0)))
        run = {'id': rid, 'name': w['name'], 'workflow_id': w['id'], 'branch': body['ref'],
               'event': 'workflow_dispatch', 'actor': 'octocat', 'title': w['name'],
               'created': now, 'appears': now + sc.get('dispatch_delay', 0),
               'sha': self.resolve(repo, body['ref']), 'states': states,
               'inputs': body.get('inputs', {}), 'duration': 60}
        repo.setdefault('runs', []).append(run)
        # "dispatch_details": false answers as GHES and the 2022-11-28
        # API without the field do: 204 whatever the body asks.
        if body.get('return_run_details') and sc.get('dispatch_details', True):
            st = self.server.state
            out = dict(DISPATCH_T, workflow_run_id=rid,
                       run_url='%s/repos/%s/actions/runs/%d' % (st.base, repo['name'], rid),
                       html_url='https://github.com/%s/actions/runs/%d' % (repo['name'], rid))
            return (200, out)
        return (204, b'')

    def run_now(self, r):
        el = self.server.state.elapsed()
        return self.fh.state_at(r.get('states', [{'at': 0, 'status': 'completed',
                                                    'conclusion': 'success'}]), el)

    def restate(self, r, state):
        """The run's state from now on: later scripted states are dropped."""
        el = self.server.state.elapsed()
        r['states'] = [s for s in r.get('states', [{'at': 0, 'status': 'completed', 'conclusion': 'success'}])
                       if s.get('at', 0) <= el] + [dict(state, at=el)]

    def post_rerun(self, repo, body, q, rid):
        r = next((x for x in repo.get('runs', []) if x['id'] == int(rid)), None)
        if r is None:
            return (404, {'message': 'Not Found', 'documentation_url': self.fh.DOCS})
        # The same run id, the next attempt, back to queued [docs].
        r['attempt'] = r.get('attempt', 1) + 1
        self.restate(r, {'status': 'queued'})
        return (201, {})

    def post_cancel(self, repo, body, q, rid):
        r = next((x for x in repo.get('runs', []) if x['id'] == int(rid)), None)
        if r is None:
            return (404, {'message': 'Not Found', 'documentation_url': self.fh.DOCS})
        if self.run_now(r).get('status', 'completed') == 'completed':
            # 409 conflict [spec]; the message is GitHub's [unverified].
            return (409, {'message': 'Cannot cancel a workflow run that is completed.',
                                     'documentation_url': self.fh.DOCS})
        self.restate(r, {'status': 'completed', 'conclusion': 'cancelled'})
        return (202, {})

    def post_review(self, repo, body, q, rid):
        """Approve or reject pending deployments: 200 with the deployments
        of the approved environments; an environment that is not pending
        is a 422."""
        r = next((x for x in repo.get('runs', []) if x['id'] == int(rid)), None)
        if r is None:
            return (404, {'message': 'Not Found', 'documentation_url': self.fh.DOCS})
        pending = r.get('pending', [])
        byid = {self.env_id(self.env_spec(repo, p['environment']) or {'name': p['environment']}): p
                for p in pending}
        missing = [i for i in body['environment_ids'] if i not in byid]
        if missing or not body['environment_ids']:
            return (422, {'message': 'Validation Failed', 'documentation_url': self.fh.DOCS,
                                     'errors': [{'resource': 'review', 'field': 'environment_ids',
                                                 'code': 'invalid'}]})
        names = [byid[i]['environment'] for i in body['environment_ids']]
        r['pending'] = [p for p in pending if p['environment'] not in names]
        r.setdefault('approvals', []).append({'environments': names, 'state': body['state'],
                                              'comment': body['comment'], 'user': 'octocat'})
        out = []
        if body['state'] == 'approved':
            build = self.fh.build_run(self.server.state, repo['name'], r)
            for n in names:
                d = {'id': self.next_id(), 'ref': build['head_branch'], 'sha': build['head_sha'],
                     'environment': n, 'created': self.server.state.elapsed(), 'creator': 'octocat',
                     'statuses': [{'id': self.next_id(), 'state': 'queued',
                                   'created': self.server.state.elapsed()}]}
                repo.setdefault('deployments', []).append(d)
                out.append(self.build_deployment(repo, d))
            if not r['pending']:
                # Nothing left to review: the run moves on, then ends.
                self.restate(r, {'status': 'in_progress'})
                r['states'].append({'at': self.server.state.elapsed() + 60,
                                    'status': 'completed', 'conclusion': 'success'})
        else:
            self.restate(r, {'status': 'completed', 'conclusion': 'failure'})
        return (200, out)
