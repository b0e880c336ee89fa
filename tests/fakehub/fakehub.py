#!/usr/bin/env python3
"""fakehub: a small fake of GitHub's REST API for opsdeck's tests.

Speaks the endpoints opsdeck uses with responses built from GitHub's
official examples (tests/data/github), ETags and 304s, rate-limit headers,
Link pagination, job-log redirects, scenarios whose state changes over a
fake clock, injected faults, and a log of every request (never a token).
Listens on 127.0.0.1 only and exits by itself after --max-lifetime.
"""
import argparse, copy, hashlib, json, os, re, sys, threading, time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs, quote

import fakehub_deploy
import fakehub_quality
import fakehub_issues

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data', 'github')
EXAMPLES = os.path.join(HERE, 'examples')     # extracted by examples/README.md
DOCS = 'https://docs.github.com/rest'
# The official examples use both schemes; a body or header pointing there is
# rewritten to the fake's own base URL.
API_URL = re.compile(rb'https?://api\.github\.com')
API_URL_S = re.compile(r'https?://api\.github\.com')


def load_template(name, where=None):
    with open(os.path.join(where or DATA, name)) as f:
        return json.load(f)


def iso(t):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))


class State:
    """Everything the server knows, behind one lock."""

    def __init__(self, scenario, ghes, limit):
        self.lock = threading.Lock()
        self.start = time.time()
        self.offset = 0.0
        self.ghes = ghes
        self.limit = limit
        self.scenario = scenario
        self.faults = []
        self.requests = []
        self.used = {}          # token hash -> [requests this window, its reset]
        self.log_file = None
        self.base = ''
        self.lastmod = {}       # path?query -> (etag, fake time it last changed)

    def now(self):
        return time.time() + self.offset

    def elapsed(self):
        return self.now() - self.start


def state_at(states, elapsed):
    cur = {}
    for s in states:
        if s.get('at', 0) <= elapsed:
            cur = s
    return cur


def build_run(st, repo, r):
    el = st.elapsed()
    s = state_at(r.get('states', [{'at': 0, 'status': 'completed',
                                     'conclusion': 'success'}]), el)
    t0 = st.start + r.get('created', -600)
    run = copy.deepcopy(RUN_TEMPLATE)
    base = st.base
    rid = r['id']
    run.update({
        'id': rid, 'name': r.get('name', 'CI'),
        'display_title': r.get('title', 'Update README.md'),
        'run_number': r.get('run_number', rid % 1000),
        'run_attempt': r.get('attempt', 1),
        'event': r.get('event', 'push'),
        'status': s.get('status', 'completed'),
        'conclusion': s.get('conclusion') if s.get('status', 'completed') == 'completed' else None,
        'workflow_id': r.get('workflow_id', 1),
        'head_branch': r.get('branch', 'main'),
        'head_sha': r.get('sha', hashlib.sha1(str(rid).encode()).hexdigest()),
        'created_at': iso(t0), 'run_started_at': iso(t0 + 5),
        # Moves only when the state does, so ETags stay valid between polls.
        'updated_at': iso(t0 + s.get('at', 0) + (r.get('duration', 0)
                          if s.get('status') == 'completed' else 0)),
        'url': '%s/repos/%s/actions/runs/%d' % (base, repo, rid),
        'html_url': 'https://github.com/%s/actions/runs/%d' % (repo, rid),
        'jobs_url': '%s/repos/%s/actions/runs/%d/jobs' % (base, repo, rid),
        'logs_url': '%s/repos/%s/actions/runs/%d/logs' % (base, repo, rid),
    })
    run['actor'] = dict(run['actor'], login=r.get('actor', 'octocat'))
    run['triggering_actor'] = run['actor']
    return run


def build_job(st, repo, run_id, j, run_created=-600):
    s = state_at(j.get('states', [{'at': 0, 'status': 'completed',
                                     'conclusion': 'success'}]), st.elapsed())
    job = copy.deepcopy(JOB_TEMPLATE)
    # A job starts after its run was created, unless the scenario says.
    t0 = st.start + j.get('started', run_created + 10)
    job.update({
        'id': j['id'], 'run_id': run_id, 'name': j.get('name', 'build'),
        'status': s.get('status', 'completed'),
        'conclusion': s.get('conclusion') if s.get('status', 'completed') == 'completed' else None,
        # Required by the schema though the official example lacks it.
        'created_at': iso(t0 - 5), 'started_at': iso(t0),
        'completed_at': iso(t0 + 60) if s.get('status', 'completed') == 'completed' else None,
        'runner_name': j.get('runner', 'runner-1'),
        'url': '%s/repos/%s/actions/jobs/%d' % (st.base, repo, j['id']),
        'html_url': 'https://github.com/%s/actions/runs/%d/job/%d' % (repo, run_id, j['id']),
    })
    job['steps'] = build_steps(j.get('steps', ['Set up job', 'Build', 'Test']),
                               job['status'], job['conclusion'], t0)
    return job


def build_steps(names, status, conclusion, t0):
    """Steps that agree with their job: a running job has finished its
    first step and is in its second; a failed one failed in its last."""
    steps = []
    for i, n in enumerate(names):
        if status == 'completed':
            st, c = 'completed', (conclusion if i == len(names) - 1 or conclusion != 'failure'
                                  else 'success')
        elif status == 'in_progress':
            st, c = (('completed', 'success') if i == 0 else
                     ('in_progress', None) if i == 1 else ('queued', None))
        else:
            st, c = 'queued', None
        steps.append({'name': n, 'status': st, 'conclusion': c, 'number': i + 1,
                      'started_at': iso(t0 + 10 * i) if st != 'queued' else None,
                      'completed_at': iso(t0 + 10 * i + 10) if st == 'completed' else None})
    return steps


def run_matches(run, q):
    """The runs list's filters; status matches the status or the conclusion."""
    one = lambda k: q.get(k, [None])[0]
    checks = (('branch', run['head_branch']), ('event', run['event']),
              ('actor', run['actor']['login']), ('head_sha', run['head_sha']))
    if any(one(k) is not None and one(k) != v for k, v in checks):
        return False
    st = one('status')
    return st is None or st in (run['status'], run['conclusion'])


def qint(q, name, default):
    """An integer query parameter; garbage reads as the default."""
    try:
        return int(q.get(name, [str(default)])[0])
    except ValueError:
        return default


def generated_log(n, token):
    lines = []
    for i in range(n):
        ts = '2026-11-22T10:%02d:%02d.%07dZ' % (i // 3600 % 60, i // 60 % 60, i)
        if i % 500 == 0:
            lines.append('%s ##[group]Step %d' % (ts, i // 500))
        if i == n // 2:
            lines.append('%s ##[error]Process completed with exit code 1.' % ts)
            lines.append('%s \x1b[31mFAIL\x1b[0m test_login token=%s' % (ts, token))
        lines.append('%s line %d \x1b[32mok\x1b[0m' % (ts, i))
        if i % 500 == 499:
            lines.append('%s ##[endgroup]' % ts)
    return '\r\n'.join(lines) + '\r\n'


class Handler(fakehub_deploy.DeployRoutes, fakehub_quality.QualityRoutes,
              fakehub_issues.IssueRoutes,
              BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    fh = sys.modules[__name__]     # the helpers fakehub_deploy uses
    server_version = 'GitHub.com'
    sys_version = ''

    def log_message(self, fmt, *args):
        pass

    def parse_request(self):
        # When the request arrived, so a test can tell overlapping requests.
        self.started = self.server.state.now()
        self.log_extra = {}     # body and snoop of a mutating request
        return super().parse_request()

    # --- plumbing -----------------------------------------------------
    def send(self, status, body=b'', headers=None, ctype='application/json; charset=utf-8'):
        st = self.server.state
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        # Nothing may point at a real host: every API URL is the fake's own.
        body = API_URL.sub(st.base.encode(), body)
        h = dict((k, API_URL_S.sub(st.base, v) if isinstance(v, str) else v)
                 for k, v in (headers or {}).items())
        if status != 304 and body is not None:
            h.setdefault('Content-Type', ctype)
        h['Content-Length'] = str(len(body) if status != 304 else 0)
        h.setdefault('X-GitHub-Request-Id', '%08X:%04X' % (int(st.now()), len(st.requests)))
        # A fault's "headers" override anything (hostile header values).
        h.update(getattr(self, 'extra_headers', None) or {})
        # Logged before the client can see the answer: a test that reads
        # the log right after its request finds that request in it.
        self.record(status, h)
        self.send_response(status)
        for k, v in h.items():
            self.send_header(k, v)
        self.end_headers()
        if status != 304 and self.command != 'HEAD':
            self.wfile.write(body)

    def record(self, status, sent=None):
        st = self.server.state
        if self.path.startswith('/__control/'):
            return      # the log is of API traffic only
        auth = self.headers.get('Authorization')
        entry = {
            'time': round(st.now(), 3), 'started': round(getattr(self, 'started', st.now()), 3),
            'method': self.command,
            'path': urlsplit(self.path).path, 'query': urlsplit(self.path).query,
            'host': self.headers.get('Host'), 'status': status,
            'authorization': auth is not None,
            # Only a known scheme word: a client that sends the bare token
            # must not get it written here.
            'auth_scheme': (auth.split(' ')[0] if auth and auth.split(' ')[0].lower()
                            in ('bearer', 'token', 'basic') else 'other' if auth else None),
            'auth_hash': hashlib.sha256(auth.encode()).hexdigest()[:12] if auth else None,
            'if_none_match': self.headers.get('If-None-Match'),
            'if_modified_since': self.headers.get('If-Modified-Since'),
            'user_agent': self.headers.get('User-Agent'),
            'accept': self.headers.get('Accept'),
            'api_version': self.headers.get('X-GitHub-Api-Version'),
        }
        # A mutating request: what it carried, to assert against.
        if self.command in ('POST', 'PUT', 'PATCH', 'DELETE'):
            entry['content_type'] = self.headers.get('Content-Type')
            entry['body'] = getattr(self, 'sent_body', None)
        # What the client was told about its budget, to assert against.
        sent = {k.lower(): v for k, v in (sent or {}).items()}
        for k in ('x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after', 'location'):
            entry[k.replace('x-', '').replace('-', '_')] = sent.get(k)
        entry.update(getattr(self, 'log_extra', None) or {})
        with st.lock:
            st.requests.append(entry)
            if st.log_file:
                st.log_file.write(json.dumps(entry) + '\n')
                st.log_file.flush()

    def budget(self):
        """This caller's window: [used, reset], a fresh one each fake hour
        from its first request (per token; per address without one)."""
        st = self.server.state
        auth = self.headers.get('Authorization') or 'anonymous:' + self.client_address[0]
        key = hashlib.sha256(auth.encode()).hexdigest()
        w = st.used.get(key)
        if w is None or st.now() >= w[1]:
            w = st.used[key] = [0, int(st.now()) + 3600]
        return w

    def limit(self):
        st = self.server.state
        return st.limit if self.headers.get('Authorization') else 60

    def exhausted(self):
        st = self.server.state
        if st.ghes:
            return False
        with st.lock:
            return self.budget()[0] >= self.limit()

    def rate_headers(self, count):
        st = self.server.state
        if st.ghes:
            return {'X-GitHub-Enterprise-Version': 'enterprise-server@3.19.0'}
        limit = self.limit()
        with st.lock:
            w = self.budget()
            if count:
                w[0] += 1
            used, reset = w
        return {'X-RateLimit-Limit': str(limit),
                'X-RateLimit-Remaining': str(max(0, limit - used)),
                'X-RateLimit-Used': str(used), 'X-RateLimit-Reset': str(reset),
                'X-RateLimit-Resource': 'core'}

    def take_fault(self, path, kinds=None):
        """The first queued fault for path; blob-only kinds (BLOB_FAULTS)
        are handed out only when asked for by kinds."""
        st = self.server.state
        with st.lock:
            for f in st.faults:
                if kinds is None and f['kind'] in BLOB_FAULTS:
                    continue
                if kinds is not None and f['kind'] not in kinds:
                    continue
                # "method": only requests of that method (a POST's
                # fault is not taken by the poll's GET of the same path).
                if f.get('method') and f['method'] != self.command:
                    continue
                if f['count'] > 0 and re.search(f['path'], path):
                    f['count'] -= 1
                    return dict(f)
        return None

    def do_fault(self, f):
        st = self.server.state
        kind, secs = f['kind'], int(f.get('seconds', 60))
        self.extra_headers = f.get('headers')
        rl = self.rate_headers(True)
        err = lambda m: {'message': m, 'documentation_url': DOCS}
        if kind in ('500', '502', '503'):
            names = {'500': 'Internal Server Error', '502': 'Bad Gateway', '503': 'Service Unavailable'}
            return self.send(int(kind), err(names[kind]), rl)
        if kind == 'html500':
            return self.send(500, '<html><body><h1>500</h1>Unicorn!</body></html>', rl, 'text/html')
        if kind == 'malformed':
            return self.send(200, '{"total_count": 3, "workflow_runs": [{"id": 1, "name": ', rl)
        if kind in ('ratelimit', 'ratelimit429'):
            rl.update({'X-RateLimit-Remaining': '0', 'X-RateLimit-Used': rl.get('X-RateLimit-Limit', str(st.limit)),
                       'X-RateLimit-Reset': str(int(st.now()) + secs)})
        if kind == 'ratelimit':
            return self.send(403, err('API rate limit exceeded for user ID 1.'), rl)
        if kind == 'ratelimit429':
            return self.send(429, err('API rate limit exceeded for user ID 1.'), rl)
        if kind == 'secondary-noretry':
            return self.send(403, err('You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'), rl)
        if kind == '429':
            rl['Retry-After'] = str(secs)
            return self.send(429, err('Too Many Requests'), rl)
        if kind == 'secondary':
            rl['Retry-After'] = str(secs)
            return self.send(403, err('You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'), rl)
        if kind == 'body':
            # Any body at all (hostile JSON from a file, say), no ETag.
            if f.get('file'):
                with open(f['file'], 'rb') as fp:
                    data = fp.read(64 << 20)
            else:
                data = str(f.get('body', '')).encode()
            return self.send(int(f.get('status', 200)), data, rl)
        if kind == 'retry-after':
            # An overloaded front end asking to come back later.
            rl['Retry-After'] = str(secs)
            return self.send(503, err('Service Unavailable'), rl)
        if kind == 'permission':
            rl['X-Accepted-GitHub-Permissions'] = 'actions=read'
            return self.send(403, err('Resource not accessible by personal access token'), rl)
        if kind == '401':
            return self.send(401, err('Bad credentials'), rl)
        if kind == 'timeout':
            self.record(0)      # logged on arrival: status 0 = held
            time.sleep(min(secs, 30))
            self.close_connection = True
            return None
        if kind == 'reset':
            self.close_connection = True
            self.record(0)
            try:
                import socket, struct
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            except OSError:
                pass
            return None
        if kind == 'truncated':
            body = json.dumps({'total_count': 0, 'workflow_runs': []}).encode()
            self.record(200)
            self.send_response(200)
            self.send_header('Content-Length', str(len(body) + 100))
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
            return None
        return self.send(500, err('unknown fault ' + kind), rl)

    def json_cached(self, obj, extra=None, weak=False, free=False):
        """Sends obj with an ETag and a Last-Modified; a matching
        If-None-Match, or without one an If-Modified-Since not older than
        the last change, gets 304."""
        st = self.server.state
        body = json.dumps(obj, sort_keys=True).encode()
        body = API_URL.sub(st.base.encode(), body)
        tag = hashlib.sha1(body).hexdigest()
        etag = ('W/"%s"' if weak or st.scenario.get('weak_etags') else '"%s"') % tag
        with st.lock:
            # Last-Modified moves when the body does, strictly forward, so
            # a change within the same second is never hidden by a 304.
            prev = st.lastmod.get(self.path)
            if prev is None:
                changed = st.start
            elif prev[0] != tag:
                changed = max(int(st.now()), int(prev[1]) + 1)
            else:
                changed = prev[1]
            st.lastmod[self.path] = (tag, changed)
        inm = self.headers.get('If-None-Match')
        ims = self.headers.get('If-Modified-Since')
        use_etag = st.scenario.get('etags', True)
        if inm is not None:
            match = use_etag and any(t.strip().replace('W/', '') == '"%s"' % tag
                                     for t in inm.split(','))
        elif ims is not None:
            try:
                match = parsedate_to_datetime(ims).timestamp() >= int(changed)
            except (TypeError, ValueError, IndexError, OverflowError):
                match = False
        else:
            match = False
        # A 304 with an Authorization header costs no rate limit.
        rl = self.rate_headers(not free and not (match and self.headers.get('Authorization')))
        h = {'Cache-Control': 'private, max-age=60, s-maxage=60',
             'Vary': 'Accept, Authorization, Cookie, X-GitHub-OTP',
             'Last-Modified': formatdate(changed, usegmt=True)}
        if use_etag:
            h['ETag'] = etag
        h.update(rl)
        h.update(extra or {})
        if match:
            return self.send(304, b'', h)
        return self.send(200, body, h)

    # --- routes -------------------------------------------------------
    def find_repo(self, name):
        for r in self.server.state.scenario.get('repos', []):
            if r['name'].lower() == name.lower():
                return r
        return None

    def not_found(self):
        self.send(404, {'message': 'Not Found', 'documentation_url': DOCS}, self.rate_headers(True))

    def do_GET(self):
        st = self.server.state
        self.extra_headers = None       # a kept-alive handler is reused
        u = urlsplit(self.path)
        path, q = u.path, parse_qs(u.query)
        if path.startswith('/__control/'):
            return self.control(path, None)
        if path.startswith('/_blob/'):
            return self.blob(path, q)
        if st.ghes:
            if not path.startswith('/api/v3/'):
                return self.not_found()
            path = path[len('/api/v3'):]
        m = re.match(r'/repos/([^/]+/[^/]+)(/.*)?$', path)
        moved = st.scenario.get('moved', {})
        if m and m.group(1).lower() in moved:
            # A renamed or transferred repository: 301 to its new name.
            loc = '%s/repos/%s%s%s' % (st.base, moved[m.group(1).lower()], m.group(2) or '',
                                      '?' + u.query if u.query else '')
            return self.send(301, {'message': 'Moved Permanently', 'url': loc,
                                   'documentation_url': DOCS}, dict(self.rate_headers(True), Location=loc))
        f = self.take_fault(path)
        if f is not None and f['kind'] == 'slow':
            self.extra_headers = f.get('headers')
            time.sleep(min(f['seconds'], 30))    # then answer normally
        elif f is not None:
            return self.do_fault(f)
        if path != '/rate_limit' and self.exhausted():
            # The budget really ran out (--limit N): GitHub's primary limit.
            return self.send(403, {'message': 'API rate limit exceeded for user ID 1.',
                                   'documentation_url': DOCS}, self.rate_headers(False))
        m = re.fullmatch(r'/repos/([^/]+/[^/]+)/actions/runs', path)
        if m:
            return self.runs(m.group(1), q)
        m = re.fullmatch(r'/repos/([^/]+/[^/]+)/actions/runs/(\d+)', path)
        if m:
            return self.one_run(m.group(1), int(m.group(2)))
        m = re.fullmatch(r'/repos/([^/]+/[^/]+)/actions/runs/(\d+)/jobs', path)
        if m:
            return self.jobs(m.group(1), int(m.group(2)))
        m = re.fullmatch(r'/repositories/\d+/actions/runs/(\d+)/jobs', path)
        if m:
            for repo in st.scenario.get('repos', []):
                if any(r['id'] == int(m.group(1)) for r in repo.get('runs', [])):
                    return self.jobs(repo['name'], int(m.group(1)))
            return self.not_found()
        m = re.fullmatch(r'/repos/([^/]+/[^/]+)/actions/jobs/(\d+)', path)
        if m:
            return self.one_job(m.group(1), int(m.group(2)))
        m = re.fullmatch(r'/repos/([^/]+/[^/]+)/actions/jobs/(\d+)/logs', path)
        if m:
            return self.job_logs(m.group(1), int(m.group(2)))
        # Quality first: its repository and combined-status answers are
        # the deploy routes' with the scenario's statuses added.
        if self.quality_get(path, q):
            return None
        if self.deploy_get(path, q):
            return None
        if path == '/rate_limit':
            if st.ghes:
                # GHES with rate limiting off (its default) has no budget.
                return self.send(404, {'message': 'Rate limiting is not enabled.',
                                       'documentation_url': DOCS}, self.rate_headers(False))
            # The official example with core (and the deprecated rate) made
            # true; asking costs nothing, and it revalidates like the rest.
            h = self.rate_headers(False)
            core = {'limit': int(h['X-RateLimit-Limit']), 'remaining': int(h['X-RateLimit-Remaining']),
                    'reset': int(h['X-RateLimit-Reset']), 'used': int(h['X-RateLimit-Used'])}
            body = copy.deepcopy(RATE_TEMPLATE)
            body['resources']['core'] = body['rate'] = core
            return self.json_cached(body, free=True)
        if path == '/user':
            return self.json_cached(USER_TEMPLATE)
        return self.not_found()

    def runs(self, name, q, workflow_id=None, link_path='actions/runs'):
        repo = self.find_repo(name)
        if repo is None:
            return self.not_found()
        per_page = max(1, min(100, qint(q, 'per_page', 30)))
        page = max(1, qint(q, 'page', 1))
        el = self.server.state.elapsed()
        # A dispatched run shows up only after its "appears" time.
        runs = [build_run(self.server.state, repo['name'], r) for r in repo.get('runs', [])
                if r.get('appears', 0) <= el]
        runs = [r for r in runs if run_matches(r, q)]
        if workflow_id is not None:
            runs = [r for r in runs if r['workflow_id'] == workflow_id]
        runs.sort(key=lambda r: (r['created_at'], r['id']), reverse=True)
        total = len(runs)
        chunk = runs[(page - 1) * per_page: page * per_page]
        extra = {}
        last = max(1, (total + per_page - 1) // per_page)
        if last > 1:
            # Filters stay in the links, as GitHub's do.
            keep = ''.join('&%s=%s' % (k, quote(v[0], safe=''))
                           for k, v in sorted(q.items()) if k not in ('per_page', 'page'))
            url = '%s/repos/%s/%s?per_page=%d%s&page=%%d' % (
                self.server.state.base, repo['name'], link_path, per_page, keep.replace('%', '%%'))
            links = []
            if page < last:
                links += ['<%s>; rel="next"' % (url % (page + 1)), '<%s>; rel="last"' % (url % last)]
            if page > 1:
                links += ['<%s>; rel="first"' % (url % 1), '<%s>; rel="prev"' % (url % (page - 1))]
            extra['Link'] = ', '.join(links)
        return self.json_cached({'total_count': total, 'workflow_runs': chunk}, extra)

    def find_run(self, name, rid):
        repo = self.find_repo(name)
        for r in (repo or {}).get('runs', []):
            if r['id'] == rid:
                return repo, r
        return repo, None

    def one_run(self, name, rid):
        repo, r = self.find_run(name, rid)
        if r is None or r.get('appears', 0) > self.server.state.elapsed():
            return self.not_found()
        return self.json_cached(build_run(self.server.state, repo['name'], r))

    def jobs(self, name, rid):
        repo, r = self.find_run(name, rid)
        if r is None:
            return self.not_found()
        q = parse_qs(urlsplit(self.path).query)
        specs = self.job_specs(r)
        per_page = max(1, min(100, qint(q, 'per_page', 30)))
        page = max(1, qint(q, 'page', 1))
        last = max(1, (len(specs) + per_page - 1) // per_page)
        jobs = [build_job(self.server.state, repo['name'], rid, j, r.get('created', -600))
                for j in specs[(page - 1) * per_page: page * per_page]]
        extra = {}
        if page < last:
            # Like GitHub's own, the link uses another URL form: follow it.
            extra['Link'] = '<%s/repositories/1296269/actions/runs/%d/jobs?per_page=%d&page=%d>; rel="next"' % (
                self.server.state.base, rid, per_page, page + 1)
        return self.json_cached({'total_count': len(specs), 'jobs': jobs}, extra)

    def job_specs(self, r):
        specs = list(r.get('jobs', []))
        for i in range(r.get('generate_jobs', 0)):
            done = i < r.get('generate_jobs_done', 0)
            specs.append({'id': r['id'] * 1000 + i, 'name': 'shard %d' % i,
                          'states': [{'at': 0, 'status': 'completed', 'conclusion': 'success'}
                                     if done else {'at': 0, 'status': 'in_progress'}]})
        return specs

    def one_job(self, name, jid):
        repo = self.find_repo(name)
        for r in (repo or {}).get('runs', []):
            for j in self.job_specs(r):
                if j['id'] == jid:
                    return self.json_cached(build_job(self.server.state, repo['name'], r['id'], j,
                                                                r.get('created', -600)))
        return self.not_found()

    def job_logs(self, name, jid):
        st = self.server.state
        repo = self.find_repo(name)
        if repo is None:
            return self.not_found()
        host = '127.0.0.1'
        if st.scenario.get('log_host'):
            host = st.scenario['log_host']
        loc = 'http://%s:%d/_blob/logs/%d?expires=%d&sig=fake' % (
            host, self.server.server_address[1], jid, int(st.now()) + 60)
        return self.send(302, b'', dict(self.rate_headers(True), Location=loc))

    def blob(self, path, q):
        st = self.server.state
        m = re.fullmatch(r'/_blob/logs/(\d+)', path)
        if not m:
            return self.send(404, '<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code>'
                             '<Message>The specified blob does not exist.</Message></Error>', None, 'application/xml')
        # "expired": the signature ran out before the client got here.
        f = self.take_fault(path, ('trickle',))
        if f is not None:
            return self.trickle(f)
        if qint(q, 'expires', 0) < st.now() or self.take_fault(path, ('expired',)):
            return self.send(403, '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code>'
                             '<Message>Server failed to authenticate the request. Signature expired.</Message></Error>',
                             None, 'application/xml')
        logs = st.scenario.get('logs', {})
        spec = logs.get(m.group(1), {'lines': 20})
        text = spec.get('text') or generated_log(spec.get('lines', 20), 'ghp_' + 'A1b2C3d4E5' * 3 + 'F6g7H8')
        return self.send(200, text, None, 'text/plain; charset=utf-8')

    def trickle(self, f):
        """A blob host that sends one byte every half second for at most
        "seconds" (60) seconds: a body that never ends in useful time."""
        secs = min(int(f.get('seconds', 60)), 60)
        self.record(200)
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain; charset=utf-8')
        self.send_header('Content-Length', str(secs * 2 + 100))
        self.end_headers()
        end = time.monotonic() + secs
        try:
            while time.monotonic() < end:
                self.wfile.write(b'.')
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass        # the client gave up: what is being tested
        self.close_connection = True
        return None

    # --- control ------------------------------------------------------
    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0) or 0)
        if n > 1 << 20:
            self.close_connection = True
            return self.send(413, {'message': 'too large'})
        raw = self.rfile.read(n) if n > 0 else b'{}'
        if urlsplit(self.path).path.endswith('/__test/echo'):
            return self.test_echo(raw if n > 0 else b'')
        if not urlsplit(self.path).path.startswith('/__control/'):
            return self.write_api(raw if n > 0 else b'')
        try:
            body = json.loads(raw or b'{}')
        except ValueError:
            return self.send(400, {'message': 'bad JSON'})
        path = urlsplit(self.path).path
        if path.startswith('/__control/'):
            try:
                return self.control(path, body)
            except (ValueError, TypeError, KeyError, AttributeError, OSError, re.error) as e:
                return self.send(400, {'message': 'bad control request: %s' % e})
        return self.not_found()

    def test_echo(self, raw):
        # The one mutating call's own test: any method, answered 201 with
        # what arrived, the body logged as sent.
        self.extra_headers = None
        self.sent_body = raw.decode('utf-8', 'replace') if raw else None
        return self.send(201, {'method': self.command, 'received': len(raw)},
                         self.rate_headers(True))

    def do_mutating(self):
        # opsdeck's read-only paths must never send these; answering (and
        # logging, with the body) them lets a test assert that from the
        # request log. /__test/echo answers 201 instead, for the one
        # mutating call's own test.
        self.extra_headers = None
        n = int(self.headers.get('Content-Length', 0) or 0)
        if n > 1 << 20:
            self.close_connection = True
            return self.send(413, {'message': 'too large'})
        raw = self.rfile.read(n) if n > 0 else b''
        if urlsplit(self.path).path.endswith('/__test/echo'):
            return self.test_echo(raw)
        return self.write_api(raw)

    do_PUT = do_PATCH = do_DELETE = do_mutating

    def control(self, path, body):
        st = self.server.state
        if path == '/__control/requests':
            with st.lock:
                reqs = list(st.requests)
            return self.send(200, json.dumps(reqs))
        if body is None:
            return self.send(405, {'message': 'POST required'})
        if path == '/__control/fault':
            f = {'path': body.get('path', '.'), 'kind': str(body.get('kind', '500')),
                 'count': int(body.get('count', 1)), 'seconds': int(body.get('seconds', 60)),
                 'status': int(body.get('status', 200)), 'file': body.get('file'),
                 'body': body.get('body'), 'headers': body.get('headers'),
                 'method': body.get('method')}
            if f['headers'] is not None and not (
                    isinstance(f['headers'], dict) and
                    all(isinstance(k, str) and isinstance(v, str) for k, v in f['headers'].items())):
                return self.send(400, {'message': 'headers: an object of strings'})
            if f['file'] is not None and not os.path.isfile(f['file']):
                return self.send(400, {'message': 'no such file %r' % f['file']})
            re.compile(f['path'])       # a bad pattern fails here, not per request
            if f['kind'] not in FAULT_KINDS:
                return self.send(400, {'message': 'unknown fault kind %r' % f['kind']})
            with st.lock:
                st.faults.append(f)
            return self.send(200, {'queued': f})
        if path == '/__control/advance':
            with st.lock:
                st.offset += float(body.get('seconds', 0))
            return self.send(200, {'elapsed': st.elapsed()})
        if path == '/__control/scenario':
            sc = body
            if 'path' in body:
                with open(body['path']) as fp:
                    sc = json.load(fp)
                sc.update(body.get('set', {}))
            sc = expand_scenario(sc)
            with st.lock:
                st.scenario = sc
            return self.send(200, {'repos': len(sc.get('repos', []))})
        if path == '/__control/snoop':
            # Copy this file into the log entry of each mutating request.
            with st.lock:
                st.snoop = body.get('path')
            return self.send(200, {'snoop': st.snoop})
        if path == '/__control/reset':
            with st.lock:
                st.faults.clear()
                st.requests.clear()
            return self.send(200, {})
        return self.send(404, {'message': 'unknown control'})


FAULT_KINDS = ('500', '502', '503', 'html500', 'timeout', 'reset', 'truncated', 'malformed',
               'ratelimit', 'ratelimit429', 'secondary', 'secondary-noretry', '429',
               'permission', '401', 'slow', 'retry-after', 'body', 'expired', 'trickle')
# Faults of the blob host (/_blob/...), never taken by API paths.
BLOB_FAULTS = ('expired', 'trickle')
RUN_TEMPLATE = load_template('workflow-run.json')
JOB_TEMPLATE = load_template('job.json')
RATE_TEMPLATE = load_template('rate-limit-overview.json', EXAMPLES)
USER_TEMPLATE = load_template('private-user.json', EXAMPLES)


def many_repos(n, queued_age=None):
    """queued_age (seconds) set: each Deploy run is queued instead, last
    updated that long before the server started (the governor's load)."""
    repos = []
    for i in range(1, n + 1):
        deploy = {'id': i * 100 + 2, 'name': 'Deploy', 'workflow_id': 2, 'created': -3600,
                  'states': [{'at': 0, 'status': 'completed',
                              'conclusion': 'failure' if i % 10 == 0 else 'success'}]}
        if queued_age is not None:
            deploy.update(created=-queued_age, states=[{'at': 0, 'status': 'queued'}])
        repos.append({'name': 'octo/repo-%d' % i, 'runs': [
            {'id': i * 100 + 1, 'name': 'CI', 'workflow_id': 1, 'created': -7200,
             'states': [{'at': 0, 'status': 'completed', 'conclusion': 'success'}]},
            deploy]})
    return {'repos': repos}


def expand_scenario(sc):
    """A scenario's "generate_repos": N adds N generated repositories;
    "generate_queued": AGE makes each one's Deploy run queued, updated AGE
    seconds before the start."""
    n = sc.get('generate_repos', 0)
    age = sc.get('generate_queued')
    if not isinstance(age, (int, float)) or isinstance(age, bool) or age < 0:
        age = None
    if isinstance(n, int) and 0 < n <= 10000:
        sc = dict(sc, repos=sc.get('repos', []) + many_repos(n, age)['repos'])
    return sc


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--port-file', required=True)
    ap.add_argument('--scenario')
    ap.add_argument('--log')
    ap.add_argument('--ghes', action='store_true')
    ap.add_argument('--repos', type=int, default=0, help='generate N repos')
    ap.add_argument('--limit', type=int, default=5000)
    ap.add_argument('--max-lifetime', type=float, default=600)
    ap.add_argument('--writes', action='store_true', help='answer mutating requests')
    ap.add_argument('--snoop', help='copy FILE into the log of each mutating request')
    a = ap.parse_args()
    sc = {'repos': []}
    if a.scenario:
        with open(a.scenario) as f:
            sc = json.load(f)
    if a.repos:
        sc['repos'] = sc.get('repos', []) + many_repos(a.repos)['repos']
    sc = expand_scenario(sc)
    st = State(sc, a.ghes, a.limit)
    st.writes, st.snoop = a.writes, a.snoop
    if a.log:
        st.log_file = open(a.log, 'a')
    srv = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    srv.daemon_threads = True
    srv.state = st
    port = srv.server_address[1]
    st.base = 'http://127.0.0.1:%d%s' % (port, '/api/v3' if a.ghes else '')
    tmp = a.port_file + '.tmp'
    with open(tmp, 'w') as f:
        f.write(str(port))
    os.rename(tmp, a.port_file)
    threading.Timer(a.max_lifetime, lambda: os._exit(0)).start()
    srv.serve_forever()


if __name__ == '__main__':
    main()
