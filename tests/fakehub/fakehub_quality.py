"""fakehub's quality endpoints (issue 12): a repository, its open pull
requests, a commit's check runs, combined status and check-run annotations,
code scanning and Dependabot alerts, open issues by label.

A mixin of fakehub's Handler like fakehub_deploy (it uses json_cached,
send, rate_headers, find_repo, not_found, paginate and resolve). Bodies are
GitHub's official examples (tests/data/github/quality/) with fields from the
scenario's "quality" object of a repository:

  "quality": {
    "commits": {"SHA": {"check_runs": [{"id", "name", "status",
        "conclusion", "title", "summary", "annotations": [{"level",
        "title", "message", "path"}]}],
        "statuses": [{"context", "state", "description"}]}},
    "pulls": [{"number", "head_sha", "head_ref", "title"}],
    "code_scanning": {"REF": [{"state", "severity",
        "security_severity_level"}]} or a status code (403, 404),
    "dependabot": [{"state", "severity"}] or a status code,
    "issues": [{"number", "state", "labels": ["release-blocker"], ...}]
        (q_issue says which fields), "issues_disabled": true for a 410
  }

A commit the scenario does not list has no checks and no statuses (GitHub's
answer for a commit nobody reported on: combined state "pending"); a ref
that is neither a SHA, a prefix of a scenario commit, nor a branch of the
repository is a 404. fakehub asks these routes before the deploy ones, so
GET /repos/O/R and .../commits/REF/status answer the same for both (the
environments work serves the same two with no statuses).
"""
import copy, hashlib, json, os, re
from urllib.parse import unquote

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data', 'github', 'quality')
R = r'/repos/([^/]+/[^/]+)'


def tmpl(name):
    with open(os.path.join(DATA, name + '.json')) as f:
        return json.load(f)


RUN_T = tmpl('check-run-paginated')['check_runs'][0]
ANN_T = tmpl('check-annotation-items')[0]
COMBINED_T = tmpl('combined-commit-status')
CODE_T = tmpl('code-scanning-alert-items')[0]
DEP_T = tmpl('dependabot-alerts-for-repository')[0]
PULL_T = tmpl('pull-request-simple-items')[0]
ISSUE_T = tmpl('issue-items')[0]
COMMENT_T = tmpl('issue-comment-items')[0]
REPO_T = tmpl('full-repository-default-response')
# Defects of the official examples against their own schemas (the same the
# prism check of github-api.md 6.3 finds): the fake serves the schema's
# shape. The repository example lacks the required "language" (nullable),
# the pull request's team lacks "type", and Dependabot's EPSS percentile
# is a string where the schema says number.
REPO_T.setdefault('language', None)
if isinstance(REPO_T.get('source'), dict):
    REPO_T['source'].setdefault('language', None)
for _t in PULL_T.get('requested_teams', []):
    _t.setdefault('type', 'organization')
_epss = DEP_T.get('security_advisory', {}).get('epss')
for _k in ('percentage', 'percentile'):
    if isinstance(_epss, dict) and isinstance(_epss.get(_k), str):
        _epss[_k] = float(_epss[_k])
NO_ACCESS = {
    403: 'Advanced Security must be enabled for this repository to use code scanning.',
    404: 'Not Found',
}


class QualityRoutes:
    def q_spec(self, repo):
        return repo.get('quality', {})

    def q_issue(self, repo, i):
        """One issue of the scenario ({"number", "state", "labels": names,
        "label_colors": {name: hex}, "title", "body", "comments",
        "assignees": logins, "created_at", "pull_request",
        "labels_as_strings", "comments_list": [{"user", "body",
        "created_at"}] for GET .../issues/N/comments}) as GitHub's
        example with those fields."""
        t = copy.deepcopy(ISSUE_T)
        t['number'] = i['number']
        t['state'] = i.get('state', 'open')
        colors = i.get('label_colors', {})
        t['labels'] = [dict(t['labels'][0], name=n, color=colors.get(n, t['labels'][0]['color']))
                       for n in i.get('labels', [])]
        for k in ('title', 'body', 'comments', 'created_at'):
            if k in i:
                t[k] = i[k]
        if 'assignees' in i:
            who = [dict(t['assignee'], login=n) for n in i['assignees']]
            t['assignees'] = who
            t['assignee'] = who[0] if who else None
        t['html_url'] = 'https://github.com/%s/issues/%d' % (repo['name'], i['number'])
        t['url'] = '%s/repos/%s/issues/%d' % (self.server.state.base, repo['name'], i['number'])
        if i.get('labels_as_strings'):
            t['labels'] = list(i.get('labels', []))   # the schema allows both
        if not i.get('pull_request'):
            t.pop('pull_request', None)
        return t

    def q_commit_sha(self, repo, ref):
        """The SHA a ref in a commits/{ref} path names (a SHA, a 7+ digit
        prefix of a scenario commit, a name in "refs", the default branch,
        heads/BRANCH), or None (404)."""
        ref = unquote(ref)
        if ref.startswith('heads/'):
            ref = ref[len('heads/'):]
            if re.fullmatch(r'[0-9a-f]{40}', ref):
                return None     # heads/SHA names a branch, and there is none
        if re.fullmatch(r'[0-9a-f]{40}', ref):
            return ref
        if len(ref) >= 7 and any(c['sha'].startswith(ref) for c in repo.get('commits', [])):
            return self.resolve(repo, ref)
        if ref == self.default_branch(repo) or ref in repo.get('refs', {}):
            return self.resolve(repo, ref)
        return None

    def q_runs(self, repo, sha):
        out = []
        spec = self.q_spec(repo).get('commits', {}).get(sha, {})
        st = self.server.state
        for c in spec.get('check_runs', []):
            r = copy.deepcopy(RUN_T)
            r['id'] = c['id']
            r['name'] = c['name']
            r['head_sha'] = sha
            r['status'] = c.get('status', 'completed')
            r['conclusion'] = c.get('conclusion') if r['status'] == 'completed' else None
            anns = c.get('annotations', [])
            r['output'] = {'title': c.get('title'), 'summary': c.get('summary'),
                           'text': None, 'annotations_count': len(anns),
                           'annotations_url': '%s/repos/%s/check-runs/%d/annotations'
                           % (st.base, repo['name'], c['id'])}
            r['url'] = '%s/repos/%s/check-runs/%d' % (st.base, repo['name'], c['id'])
            out.append(r)
        return out

    def q_combined(self, repo, sha):
        spec = self.q_spec(repo).get('commits', {}).get(sha, {})
        body = copy.deepcopy(COMBINED_T)
        one = body['statuses'][0]
        sts = []
        for i, s in enumerate(spec.get('statuses', [])):
            o = copy.deepcopy(one)
            o['id'] = i + 1
            o['node_id'] = 'SC_%d' % (i + 1)
            o['context'] = s['context']
            o['state'] = s.get('state', 'success')
            o['description'] = s.get('description')
            sts.append(o)
        states = [s['state'] for s in sts]
        body['state'] = ('failure' if any(s in ('error', 'failure') for s in states)
                         else 'pending' if not states or 'pending' in states else 'success')
        body['statuses'] = sts
        body['sha'] = sha
        body['total_count'] = len(sts)
        st = self.server.state
        body['commit_url'] = '%s/repos/%s/commits/%s' % (st.base, repo['name'], sha)
        body['url'] = '%s/repos/%s/commits/%s/status' % (st.base, repo['name'], sha)
        return body

    def q_find_run(self, repo, rid):
        for sha, spec in self.q_spec(repo).get('commits', {}).items():
            for c in spec.get('check_runs', []):
                if c['id'] == rid:
                    return c
        return None

    def q_alerts(self, kind, repo, q):
        spec = self.q_spec(repo).get(kind)
        if isinstance(spec, int):
            return self.send(spec, {'message': NO_ACCESS.get(spec, 'Forbidden'),
                                    'documentation_url': self.fh.DOCS}, self.rate_headers(True))
        if kind == 'code_scanning':
            ref = q.get('ref', ['refs/heads/' + self.default_branch(repo)])[0]
            items = (spec or {}).get(ref, [])
        else:
            items = spec or []
        want = q.get('state', [None])[0]
        out = []
        for i, a in enumerate(items):
            if want is not None and a.get('state', 'open') != want:
                continue
            t = copy.deepcopy(CODE_T if kind == 'code_scanning' else DEP_T)
            t['number'] = i + 1
            t['state'] = a.get('state', 'open')
            if kind == 'code_scanning':
                t['rule']['severity'] = a.get('severity', 'error')
                if 'security_severity_level' in a:
                    t['rule']['security_severity_level'] = a['security_severity_level']
            else:
                t['security_advisory']['severity'] = a.get('severity', 'high')
                t['security_vulnerability']['severity'] = a.get('severity', 'high')
            out.append(t)
        chunk, extra = self.paginate(out, q, '%s/repos/%s/%s/alerts' % (
            self.server.state.base, repo['name'], kind.replace('_', '-')))
        return self.json_cached(chunk, extra)

    def quality_get(self, path, q):
        """Answers a quality GET and returns True, or returns False."""
        st = self.server.state
        m = re.fullmatch(R, path)
        if m:
            repo = self.find_repo(m.group(1))
            if repo is None:
                self.not_found()
                return True
            body = copy.deepcopy(REPO_T)
            owner, name = repo['name'].split('/', 1)
            body.update({'name': name, 'full_name': repo['name'],
                         'default_branch': self.default_branch(repo),
                         'url': '%s/repos/%s' % (st.base, repo['name']),
                         'html_url': 'https://github.com/%s' % repo['name']})
            body['owner'] = dict(body['owner'], login=owner)
            self.json_cached(body)
            return True
        m = re.fullmatch(R + r'/issues/([0-9]+)/comments', path)
        if m:
            repo = self.find_repo(m.group(1))
            spec = self.q_spec(repo) if repo is not None else {}
            issue = [i for i in spec.get('issues', []) if str(i['number']) == m.group(2)]
            if not issue:
                self.not_found()
                return True
            out = []
            for k, c in enumerate(issue[0].get('comments_list', [])):
                t = copy.deepcopy(COMMENT_T)
                t['id'] = k + 1
                t['body'] = c['body']
                t['user'] = dict(t['user'], login=c.get('user', 'octocat'))
                t['created_at'] = t['updated_at'] = c.get('created_at', t['created_at'])
                t['html_url'] = 'https://github.com/%s/issues/%s#issuecomment-%d' % (
                    repo['name'], m.group(2), k + 1)
                out.append(t)
            chunk, extra = self.paginate(out, q, '%s/repos/%s/issues/%s/comments' % (
                st.base, repo['name'], m.group(2)))
            self.json_cached(chunk, extra)
            return True
        m = re.fullmatch(R + r'/(pulls|issues|code-scanning/alerts|dependabot/alerts)', path)
        if m:
            repo = self.find_repo(m.group(1))
            if repo is None:
                self.not_found()
            elif m.group(2) == 'pulls':
                out = []
                for p in self.q_spec(repo).get('pulls', []):
                    t = copy.deepcopy(PULL_T)
                    t['number'] = p['number']
                    t['title'] = p.get('title', 'PR %d' % p['number'])
                    t['state'] = 'open'
                    t['head']['sha'] = p['head_sha']
                    t['head']['ref'] = p.get('head_ref', 'topic-%d' % p['number'])
                    out.append(t)
                chunk, extra = self.paginate(out, q, '%s/repos/%s/pulls' % (st.base, repo['name']))
                self.json_cached(chunk, extra)
            elif m.group(2) == 'issues':
                if self.q_spec(repo).get('issues_disabled'):
                    # GitHub's answer when the repository has issues off.
                    self.send(410, {'message': 'Issues are disabled for this repo',
                                    'documentation_url': 'https://docs.github.com/rest/issues/issues#list-repository-issues'},
                              self.rate_headers(True))
                    return True
                want = [x for x in q.get('labels', [''])[0].split(',') if x]
                state = q.get('state', ['open'])[0]
                out = []
                spec = self.q_spec(repo)
                # "issues_generated": N more plain bug issues (pagination).
                gen = [{'number': 1000 + k, 'labels': ['bug'], 'title': 'generated %d' % k,
                        'created_at': '2020-01-01T00:00:00Z'}
                       for k in range(spec.get('issues_generated', 0))]
                for i in spec.get('issues', []) + gen:
                    if state != 'all' and i.get('state', 'open') != state:
                        continue
                    if any(w not in i.get('labels', []) for w in want):
                        continue
                    out.append(self.q_issue(repo, i))
                chunk, extra = self.paginate(out, q, '%s/repos/%s/issues' % (st.base, repo['name']))
                self.json_cached(chunk, extra)
            else:
                self.q_alerts('code_scanning' if m.group(2).startswith('code') else 'dependabot',
                              repo, q)
            return True
        m = re.fullmatch(R + r'/commits/(.+)/(check-runs|status)', path)
        if m:
            repo = self.find_repo(m.group(1))
            sha = self.q_commit_sha(repo, m.group(2)) if repo is not None else None
            if sha is None:
                self.not_found()
            elif m.group(3) == 'status':
                self.json_cached(self.q_combined(repo, sha))
            else:
                runs = self.q_runs(repo, sha)
                chunk, extra = self.paginate(runs, q, '%s/repos/%s/commits/%s/check-runs' % (
                    st.base, repo['name'], m.group(2)))
                self.json_cached({'total_count': len(runs), 'check_runs': chunk}, extra)
            return True
        m = re.fullmatch(R + r'/check-runs/(\d+)/annotations', path)
        if m:
            repo = self.find_repo(m.group(1))
            c = self.q_find_run(repo, int(m.group(2))) if repo is not None else None
            if c is None:
                self.not_found()
                return True
            out = []
            for a in c.get('annotations', []):
                t = copy.deepcopy(ANN_T)
                t['annotation_level'] = a.get('level', 'warning')
                t['title'] = a.get('title')
                t['message'] = a.get('message', '')
                t['path'] = a.get('path', 'README.md')
                out.append(t)
            chunk, extra = self.paginate(out, q, '%s/repos/%s/check-runs/%s/annotations' % (
                st.base, repo['name'], m.group(2)))
            self.json_cached(chunk, extra)
            return True
        return False
