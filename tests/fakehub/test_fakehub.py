#!/usr/bin/env python3
"""TAP self-test of tests/fakehub/fakehub.py: every server it starts runs on
127.0.0.1 with a bounded lifetime and is killed by PID at the end."""
import calendar, http.client, json, os, re, shutil, socket, subprocess, sys, tempfile, time
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
FAKEHUB = os.path.join(HERE, 'fakehub.py')
SCEN = os.path.join(HERE, 'scenarios')
TOKEN = 'ghp_' + 'T3stT0ken' * 4
OTHER = 'ghp_' + 'Oth3rT0ke' * 4
N = 0
FAILED = 0
PROCS = []
TMP = tempfile.mkdtemp(prefix='fakehub-test.')


def ok(cond, what):
    global N, FAILED
    N += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', N, what))
    if not cond:
        FAILED += 1
    sys.stdout.flush()


def start(*args, lifetime=120):
    pf = os.path.join(TMP, 'port.%d' % len(PROCS))
    log = os.path.join(TMP, 'log.%d.jsonl' % len(PROCS))
    p = subprocess.Popen([sys.executable, FAKEHUB, '--port-file', pf, '--log', log,
                          '--max-lifetime', str(lifetime)] + list(args))
    PROCS.append(p)
    deadline = time.time() + 15
    while not os.path.exists(pf) and time.time() < deadline and p.poll() is None:
        time.sleep(0.05)
    with open(pf) as f:
        port = int(f.read())
    return p, port, log


def req(port, path, headers=None, method='GET', body=None, host=None, timeout=10):
    """One request on a fresh connection; never follows redirects."""
    c = http.client.HTTPConnection(host or '127.0.0.1', port, timeout=timeout)
    try:
        h = dict(headers or {})
        if body is not None:
            body = json.dumps(body).encode()
            h['Content-Type'] = 'application/json'
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        c.close()


def auth(token=TOKEN, **extra):
    h = {'Authorization': 'Bearer ' + token, 'Accept': 'application/vnd.github+json',
         'User-Agent': 'fakehub-test/1', 'X-GitHub-Api-Version': '2022-11-28'}
    h.update(extra)
    return h


def control(port, what, body):
    return json.loads(req(port, '/__control/' + what, method='POST', body=body)[2])


def fault(port, kind, path='/actions/runs$', count=1, seconds=2):
    control(port, 'fault', {'path': path, 'kind': kind, 'count': count, 'seconds': seconds})


RUNS = '/repos/octo/hello/actions/runs'


def test_basic(port, log):
    st, h, b = req(port, RUNS, auth())
    d = json.loads(b)
    ok(st == 200 and d['total_count'] == 3 and len(d['workflow_runs']) == 3, 'runs list: 200, total_count 3')
    ids = [r['id'] for r in d['workflow_runs']]
    ok(ids == [30433644, 30433643, 30433642], 'newest first: %s' % ids)
    byid = {r['id']: r for r in d['workflow_runs']}
    ok(byid[30433643]['conclusion'] == 'failure' and byid[30433644]['status'] == 'in_progress'
       and byid[30433644]['conclusion'] is None, 'states from the scenario')
    ok(len({r['workflow_id'] for r in d['workflow_runs']}) == 3, 'distinct workflows')
    ok(b'api.github.com' not in b and ('http://127.0.0.1:%d/repos/' % port).encode() in b,
       'every API URL in the body points at the fake')
    for k in ('etag', 'last-modified', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-used',
              'x-ratelimit-reset', 'x-ratelimit-resource', 'x-github-request-id', 'cache-control', 'vary'):
        ok(k in h, 'header %s' % k)
    ok(h['content-type'] == 'application/json; charset=utf-8', 'content-type')
    ok(h['etag'].startswith('"') and h['etag'].endswith('"'), 'strong ETag by default')
    etag, rem = h['etag'], int(h['x-ratelimit-remaining'])

    st, h2, b2 = req(port, RUNS, auth(**{'If-None-Match': etag}))
    ok(st == 304 and b2 == b'', 'If-None-Match -> 304, no body')
    ok(int(h2['x-ratelimit-remaining']) == rem, 'an authorised 304 costs nothing')
    st, _, _ = req(port, RUNS, auth(**{'If-None-Match': 'W/' + etag}))
    ok(st == 304, 'weak comparison: W/ tag matches')
    st, _, _ = req(port, RUNS, auth(**{'If-None-Match': '"nope", ' + etag}))
    ok(st == 304, 'a list of tags matches')
    st, h3, _ = req(port, RUNS, auth(**{'If-None-Match': '"nope"'}))
    ok(st == 200 and int(h3['x-ratelimit-remaining']) == rem - 1, 'a stale tag gets 200 and costs 1')
    st, ha, _ = req(port, RUNS, {'If-None-Match': etag})
    st2, hb, _ = req(port, RUNS, {'If-None-Match': etag})
    ok(st == 304 and ha['x-ratelimit-limit'] == '60'
       and int(hb['x-ratelimit-remaining']) == int(ha['x-ratelimit-remaining']) - 1,
       'unauthenticated: limit 60 and 304s are not free')
    _, ho, _ = req(port, RUNS, auth(OTHER))
    ok(int(ho['x-ratelimit-used']) == 1, 'each token has its own budget')

    # Pagination.
    st, h, b = req(port, RUNS + '?per_page=1', auth())
    link = h.get('link', '')
    ok('rel="next"' in link and 'rel="last"' in link and 'page=2' in link and 'page=3' in link
       and 'rel="prev"' not in link, 'page 1: Link next and last')
    ok(json.loads(b)['total_count'] == 3 and len(json.loads(b)['workflow_runs']) == 1, 'per_page=1: one run, total 3')
    nxt = [p.split(';')[0].strip('<> ') for p in link.split(',') if 'rel="next"' in p][0]
    ok(nxt.startswith('http://127.0.0.1:%d/' % port), 'Link URLs point at the fake')
    st, h, b = req(port, urlsplit(nxt).path + '?' + urlsplit(nxt).query, auth())
    link = h.get('link', '')
    ok(all('rel="%s"' % r in link for r in ('next', 'last', 'first', 'prev')), 'page 2: next last first prev')
    st, h, b = req(port, RUNS + '?per_page=1&page=3', auth())
    ok('rel="next"' not in h.get('link', '') and 'rel="prev"' in h.get('link', ''), 'last page: no next')
    st, h, b = req(port, RUNS + '?per_page=1000&page=x', auth())
    ok(st == 200 and len(json.loads(b)['workflow_runs']) == 3, 'garbage per_page/page are tolerated')

    st, _, b = req(port, RUNS + '/30433644', auth())
    ok(st == 200 and json.loads(b)['id'] == 30433644, 'single run')
    st, _, b = req(port, RUNS + '/30433644/jobs', auth())
    d = json.loads(b)
    ok(st == 200 and d['total_count'] == 3 and [j['status'] for j in d['jobs']]
       == ['completed', 'in_progress', 'queued'], 'jobs of the running run: 1/3 done')
    ok(all(j['steps'] and j['run_id'] == 30433644 for j in d['jobs']), 'jobs carry steps and run_id')
    st, _, b = req(port, '/repos/octo/hello/actions/jobs/399444502', auth())
    ok(st == 200 and json.loads(b)['name'] == 'apply', 'single job')
    st, _, b = req(port, '/repos/octo/nope/actions/runs', auth())
    ok(st == 404 and json.loads(b) == {'message': 'Not Found', 'documentation_url': 'https://docs.github.com/rest'},
       'unknown repo: 404 with GitHub\'s body')
    st, _, b = req(port, '/no/such/path', auth())
    ok(st == 404 and json.loads(b)['message'] == 'Not Found', 'unknown path: 404')
    _, hr, _ = req(port, RUNS, auth())
    st, h, b = req(port, '/rate_limit', auth())
    d = json.loads(b)
    ok(st == 200 and d['resources']['core']['limit'] == 5000 and d['resources']['search']['limit'] == 30
       and d['rate'] == d['resources']['core'], '/rate_limit: the official example')
    ok(d['resources']['core']['remaining'] == int(hr['x-ratelimit-remaining']) == int(h['x-ratelimit-remaining'])
       and d['resources']['core']['reset'] == int(h['x-ratelimit-reset']), '/rate_limit: core is the real budget, and free')
    ok(req(port, '/rate_limit', auth(**{'If-None-Match': h['etag']}))[0] == 304, '/rate_limit revalidates')
    st, _, b = req(port, '/user', auth())
    ok(st == 200 and json.loads(b)['login'] == 'octocat' and b'api.github.com' not in b, '/user: the official example')

    # Job logs: a redirect that expires after 60 fake seconds.
    st, h, _ = req(port, '/repos/octo/hello/actions/jobs/399444496/logs', auth())
    loc = h.get('location', '')
    ok(st == 302 and loc.startswith('http://127.0.0.1:%d/_blob/logs/399444496?expires=' % port),
       'job logs: 302 to the blob (%s)' % loc)
    blob = urlsplit(loc).path + '?' + urlsplit(loc).query
    st, h, b = req(port, blob)
    text = b.decode()
    ok(st == 200 and h['content-type'].startswith('text/plain') and '##[group]' in text
       and '##[error]' in text and '\x1b[' in text and 'ghp_' in text, 'the log: groups, errors, ANSI, a fake token')
    control(port, 'advance', {'seconds': 61})
    st, h, b = req(port, blob)
    ok(st == 403 and b'<Error><Code>AuthenticationFailed' in b, 'the blob URL expires after 60 s: 403 XML')
    # The "expired" fault: a fresh URL refused once, as if it had run out;
    # an API path never takes it.
    fault(port, 'expired', path='^/_blob/logs/|/actions/runs$', count=1)
    ok(req(port, RUNS, auth())[0] == 200, 'an API path never takes a blob fault')
    st, h, _ = req(port, '/repos/octo/hello/actions/jobs/399444496/logs', auth())
    blob = urlsplit(h['location']).path + '?' + urlsplit(h['location']).query
    s1, _, b1 = req(port, blob)
    s2 = req(port, blob)[0]
    ok(s1 == 403 and b'Signature expired' in b1 and s2 == 200, 'fault "expired": one 403, then the blob again')

    # Faults.
    fault(port, '500', count=2)
    s1 = req(port, RUNS, auth())[0]
    s2 = req(port, RUNS, auth())[0]
    s3 = req(port, RUNS, auth())[0]
    ok((s1, s2, s3) == (500, 500, 200), 'a 500 fault applies count times')
    for kind in ('502', '503'):
        fault(port, kind)
        ok(req(port, RUNS, auth())[0] == int(kind), 'fault %s' % kind)
    fault(port, 'html500')
    st, h, b = req(port, RUNS, auth())
    ok(st == 500 and h['content-type'].startswith('text/html') and b.startswith(b'<html'), 'fault html500')
    fault(port, 'malformed')
    st, h, b = req(port, RUNS, auth())
    try:
        json.loads(b)
        bad = False
    except ValueError:
        bad = True
    ok(st == 200 and bad, 'fault malformed: 200 with broken JSON')
    fault(port, 'ratelimit', seconds=120)
    st, h, b = req(port, RUNS, auth())
    now = time.time() + 61
    ok(st == 403 and h['x-ratelimit-remaining'] == '0' and 'API rate limit exceeded' in json.loads(b)['message']
       and abs(int(h['x-ratelimit-reset']) - (now + 120)) <= 3, 'fault ratelimit: 403, remaining 0, reset now+S (fake time)')
    fault(port, '429', seconds=7)
    st, h, b = req(port, RUNS, auth())
    ok(st == 429 and h.get('retry-after') == '7', 'fault 429: retry-after')
    fault(port, 'secondary', seconds=9)
    st, h, b = req(port, RUNS, auth())
    ok(st == 403 and h.get('retry-after') == '9' and 'secondary rate limit' in json.loads(b)['message'],
       'fault secondary: 403, retry-after, message')
    fault(port, 'ratelimit429', seconds=50)
    st, h, b = req(port, RUNS, auth())
    ok(st == 429 and h['x-ratelimit-remaining'] == '0' and 'retry-after' not in h, 'fault ratelimit429: 429, remaining 0')
    fault(port, 'secondary-noretry')
    st, h, b = req(port, RUNS, auth())
    ok(st == 403 and 'retry-after' not in h and int(h['x-ratelimit-remaining']) > 0
       and 'secondary rate limit' in json.loads(b)['message'], 'fault secondary-noretry')
    fault(port, 'slow', seconds=1)
    t0 = time.time()
    st = req(port, RUNS, auth())[0]
    ok(st == 200 and 1 <= time.time() - t0 < 8, 'fault slow: 200 after %.1f s' % (time.time() - t0))
    fault(port, 'permission')
    st, h, b = req(port, RUNS, auth())
    ok(st == 403 and h.get('x-accepted-github-permissions') == 'actions=read'
       and int(h['x-ratelimit-remaining']) > 0 and 'retry-after' not in h
       and json.loads(b)['message'] == 'Resource not accessible by personal access token', 'fault permission')
    fault(port, '401')
    ok(req(port, RUNS, auth())[0] == 401, 'fault 401')
    fault(port, 'timeout', seconds=1)
    t0 = time.time()
    try:
        req(port, RUNS, auth(), timeout=10)
        ok(False, 'fault timeout: no answer')
    except (http.client.HTTPException, OSError):
        ok(1 <= time.time() - t0 < 8, 'fault timeout: held %.1f s, then closed' % (time.time() - t0))
    fault(port, 'reset')
    try:
        req(port, RUNS, auth())
        ok(False, 'fault reset')
    except (http.client.HTTPException, OSError):
        ok(True, 'fault reset: the connection fails')
    fault(port, 'truncated')
    try:
        req(port, RUNS, auth())
        ok(False, 'fault truncated')
    except (http.client.IncompleteRead, OSError):
        ok(True, 'fault truncated: body shorter than Content-Length')
    fault(port, '500', path='/jobs$')
    ok(req(port, RUNS, auth())[0] == 200 and req(port, RUNS + '/30433644/jobs', auth())[0] == 500,
       'faults match their path regex only')

    st, _, b = req(port, '/__control/fault', method='POST', body={'path': '(', 'kind': '500'})
    st2, _, _ = req(port, '/__control/fault', method='POST', body={'path': '.', 'kind': 'nonsense'})
    ok(st == 400 and st2 == 400 and req(port, RUNS, auth())[0] == 200, 'a bad fault request is refused, nothing queued')

    req(port, RUNS, {'Authorization': OTHER + 'x'})     # a bare token, no scheme
    # The request log.
    reqs = json.loads(req(port, '/__control/requests')[2])
    e = reqs[0]
    ok(e['method'] == 'GET' and e['path'] == RUNS and e['status'] == 200 and e['authorization']
       and e['auth_scheme'] == 'Bearer' and e['host'] == '127.0.0.1:%d' % port
       and e['user_agent'] == 'fakehub-test/1' and e['accept'] == 'application/vnd.github+json'
       and e['api_version'] == '2022-11-28' and 'time' in e, 'request log entry fields')
    slow = [r for r in reqs if r['status'] == 200 and r['time'] - r['started'] >= 0.9]
    ok(len(slow) == 1 and all(r['started'] <= r['time'] for r in reqs),
       'arrival and answer times logged (the slow fault took %.1f s)' % (slow[0]['time'] - slow[0]['started'] if slow else -1))
    ok(any(r['if_none_match'] == etag and r['status'] == 304 for r in reqs), 'If-None-Match logged')
    rl = [r for r in reqs if r['status'] == 403 and r['ratelimit_remaining'] == '0']
    ok(len(rl) == 1 and abs(int(rl[0]['ratelimit_reset']) - (now + 120)) <= 3,
       'the rate-limit headers sent are logged')
    ok(any(r['status'] == 429 and r['retry_after'] == '7' for r in reqs), 'retry-after sent is logged')
    ok(any(r['path'].startswith('/_blob/') and not r['authorization'] for r in reqs), 'blob fetches logged')
    ok(not any(r['path'].startswith('/__control') for r in reqs), 'control requests are not logged')
    with open(log) as f:
        lines = [json.loads(x) for x in f]
    ok(len(lines) == len(reqs), 'the JSONL log has every request (%d)' % len(lines))
    raw = json.dumps(reqs) + open(log).read()
    ok(TOKEN not in raw and OTHER not in raw and TOKEN[4:20] not in raw and OTHER[4:20] not in raw,
       'the token is never logged')
    ok(reqs[-1]['auth_scheme'] == 'other' and reqs[-1]['authorization'],
       'a bare token in Authorization is logged as scheme "other"')
    control(port, 'reset', {})
    ok(json.loads(req(port, '/__control/requests')[2]) == [], 'reset clears the log')

    # State over time, and a scenario swap.
    control(port, 'scenario', {'path': os.path.join(SCEN, 'progress.json')})
    st, h, b = req(port, RUNS, auth())
    r0 = json.loads(b)['workflow_runs'][0]
    control(port, 'advance', {'seconds': 1000})
    st, h2, b2 = req(port, RUNS, auth(**{'If-None-Match': h['etag']}))
    r1 = json.loads(b2)['workflow_runs'][0] if b2 else {}
    ok(st == 200 and h2['etag'] != h['etag'], 'the ETag changes when the state does')
    ok(r1.get('status') == 'completed' and r1.get('conclusion') == 'failure', 'the run completed (failure) in fake time')
    control(port, 'scenario', {'repos': [{'name': 'a/b', 'runs': [{'id': 7}]}], 'weak_etags': True})
    st, h, b = req(port, '/repos/a/b/actions/runs', auth())
    ok(st == 200 and json.loads(b)['total_count'] == 1 and h['etag'].startswith('W/"'), 'inline scenario, weak ETags')
    ok(req(port, '/repos/a/b/actions/runs', auth(**{'If-None-Match': h['etag']}))[0] == 304,
       'a weak ETag echoed byte for byte gets 304')


def test_more():
    """Conditional requests by date, the later fault kinds, mutating methods,
    generated repositories; on a server of its own so the log stays small."""
    p, port, log = start('--scenario', os.path.join(SCEN, 'progress.json'))
    st, h, b = req(port, RUNS, auth())
    lm = h.get('last-modified')
    rem = int(h['x-ratelimit-remaining'])
    st, h2, b2 = req(port, RUNS, auth(**{'If-Modified-Since': lm}))
    ok(st == 304 and b2 == b'' and int(h2['x-ratelimit-remaining']) == rem,
       'If-Modified-Since equal to Last-Modified: 304, free')
    st, _, _ = req(port, RUNS, auth(**{'If-Modified-Since': 'Mon, 01 Jan 2001 00:00:00 GMT'}))
    ok(st == 200, 'an older If-Modified-Since: 200')
    st, _, _ = req(port, RUNS, auth(**{'If-Modified-Since': 'garbage'}))
    ok(st == 200, 'a garbage If-Modified-Since: 200')
    st, _, _ = req(port, RUNS, auth(**{'If-None-Match': '"nope"', 'If-Modified-Since': lm}))
    ok(st == 200, 'If-None-Match wins over If-Modified-Since')
    control(port, 'advance', {'seconds': 40})
    st, h3, _ = req(port, RUNS, auth(**{'If-Modified-Since': lm}))
    ok(st == 200 and h3['last-modified'] != lm, 'a state change moves Last-Modified: 200 (%s)' % h3['last-modified'])
    st, _, _ = req(port, RUNS, auth(**{'If-Modified-Since': h3['last-modified']}))
    ok(st == 304, 'and the new Last-Modified revalidates')
    control(port, 'scenario', {'path': os.path.join(SCEN, 'basic.json'), 'set': {'etags': False}})
    st, h, _ = req(port, RUNS, auth())
    ok(st == 200 and 'etag' not in h and 'last-modified' in h, '"etags": false: Last-Modified only')
    st, _, _ = req(port, RUNS, auth(**{'If-Modified-Since': h['last-modified']}))
    ok(st == 304, '"etags": false: revalidated by date')

    control(port, 'fault', {'path': '/actions/runs$', 'kind': 'body', 'status': 201, 'body': '{"x": 1}'})
    st, h, b = req(port, RUNS, auth())
    ok(st == 201 and b == b'{"x": 1}' and 'etag' not in h, 'fault body: any status and body')
    hostile = os.path.join(HERE, '..', 'data', 'github', 'hostile-int64.json')
    control(port, 'fault', {'path': '/actions/runs$', 'kind': 'body', 'file': hostile})
    st, h, b = req(port, RUNS, auth())
    ok(st == 200 and b == open(hostile, 'rb').read(), 'fault body: from a file, byte for byte')
    st, _, _ = req(port, '/__control/fault', method='POST', body={'kind': 'body', 'file': '/nonexistent'})
    ok(st == 400, 'fault body: a missing file is refused')
    fault(port, 'retry-after', seconds=3)
    st, h, b = req(port, RUNS, auth())
    ok(st == 503 and h.get('retry-after') == '3', 'fault retry-after: 503 with retry-after')
    fault(port, 'ratelimit', seconds=30)
    st, h, _ = req(port, RUNS, auth())
    ok(st == 403 and h['x-ratelimit-used'] == h['x-ratelimit-limit'] == '5000', 'fault ratelimit: used = limit')

    for m in ('POST', 'PUT', 'PATCH', 'DELETE'):
        st, _, _ = req(port, RUNS + '/30433644/cancel', auth(), method=m, body={})
        ok(st == 404, '%s on an API path: 404' % m)
    reqs = json.loads(req(port, '/__control/requests')[2])
    ok([r['method'] for r in reqs if r['path'].endswith('/cancel')] == ['POST', 'PUT', 'PATCH', 'DELETE'],
       'mutating methods are logged')
    ok(any(r['if_modified_since'] == lm for r in reqs), 'If-Modified-Since logged')

    control(port, 'scenario', {'path': os.path.join(SCEN, 'basic.json'),
                               'set': {'moved': {'octo/old': 'octo/hello'}}})
    st, h, b = req(port, '/repos/octo/old/actions/runs?per_page=2', auth())
    want = 'http://127.0.0.1:%d/repos/octo/hello/actions/runs?per_page=2' % port
    ok(st == 301 and h.get('location') == want and json.loads(b)['url'] == want,
       'a moved repository: 301 to its new name (%s)' % h.get('location'))
    def ids(query):
        return [r['id'] for r in json.loads(req(port, RUNS + query, auth())[2])['workflow_runs']]
    ok(ids('?status=failure') == [30433643], 'filter status matches the conclusion')
    ok(ids('?status=in_progress') == [30433644], 'filter status matches the status')
    ok(ids('?branch=main') == [30433643, 30433642], 'filter branch')
    ok(ids('?event=workflow_dispatch&actor=mona') == [30433644], 'filters event and actor')
    ok(ids('?actor=nobody') == [], 'a filter matching nothing: empty list')
    st, h, b = req(port, RUNS + '?branch=main&per_page=1', auth())
    ok(json.loads(b)['total_count'] == 2 and 'branch=main' in h.get('link', '') and 'page=2' in h.get('link', ''),
       'filters stay in the Link URLs')
    control(port, 'scenario', {'path': os.path.join(SCEN, 'many.json')})
    st, _, b = req(port, '/repos/octo/repo-50/actions/runs', auth())
    d = json.loads(b)
    ok(st == 200 and d['total_count'] == 2 and d['workflow_runs'][0]['conclusion'] == 'failure',
       'many.json: 50 repositories, every tenth failing')
    ok(req(port, '/repos/octo/repo-51/actions/runs', auth())[0] == 404, 'many.json: no repo-51')
    p.kill()
    p.wait()


def test_budget():
    """--limit N: the budget counts down per token and runs out for real."""
    p, port, _ = start('--limit', '3', '--scenario', os.path.join(SCEN, 'basic.json'))
    rems = []
    for i in range(3):
        st, h, _ = req(port, RUNS, auth())
        rems.append((st, h['x-ratelimit-remaining']))
    ok(rems == [(200, '2'), (200, '1'), (200, '0')], 'remaining counts down: %s' % rems)
    reset = int(h['x-ratelimit-reset'])
    ok(abs(reset - (time.time() + 3600)) <= 5, 'reset is an hour after the first request')
    st, h, b = req(port, RUNS, auth(**{'If-None-Match': h['etag']}))
    ok(st == 403 and h['x-ratelimit-remaining'] == '0' and int(h['x-ratelimit-reset']) == reset
       and 'rate limit exceeded' in json.loads(b)['message'], 'exhausted: 403 until the reset, even conditional')
    st, h, b = req(port, '/rate_limit', auth())
    ok(st == 200 and json.loads(b)['resources']['core']['remaining'] == 0, '/rate_limit still answers: 0 left')
    ok(req(port, RUNS, auth(OTHER))[0] == 200, 'another token is not limited')
    control(port, 'advance', {'seconds': 3601})
    st, h, _ = req(port, RUNS, auth())
    ok(st == 200 and h['x-ratelimit-remaining'] == '2' and int(h['x-ratelimit-reset']) > reset,
       'after the reset (fake time): a fresh window')
    p.kill()
    p.wait()


SCHEMAS = os.path.join(HERE, 'examples', 'schemas.json')
RFC3339 = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$')


def violations(doc, schema, value, where='$', depth=0):
    """Where value breaks the OpenAPI 3.0 schema (the subset GitHub's
    description uses for these endpoints), like prism's sl-violations."""
    if depth > 40:
        return [where + ': too deep']
    while '$ref' in schema:
        schema = doc['components']['schemas'][schema['$ref'].split('/')[-1]]
    if value is None:
        return [] if schema.get('nullable') else [where + ': null']
    if 'oneOf' in schema or 'anyOf' in schema:
        alts = schema.get('oneOf') or schema.get('anyOf')
        if any(not violations(doc, s, value, where, depth + 1) for s in alts):
            return []
        return [where + ': matches no alternative']
    errs = []
    for sub in schema.get('allOf', []):
        errs += violations(doc, sub, value, where, depth + 1)
    t = schema.get('type')
    types = {'object': dict, 'array': list, 'string': str, 'boolean': bool}
    if t == 'integer':
        good = isinstance(value, int) and not isinstance(value, bool)
    elif t == 'number':
        good = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        good = t is None or isinstance(value, types[t])
    if not good:
        return errs + ['%s: %r is not %s' % (where, value, t)]
    if 'enum' in schema and value not in schema['enum']:
        errs.append('%s: %r not in enum' % (where, value))
    if t == 'string' and schema.get('format') == 'date-time' and not RFC3339.match(value):
        errs.append('%s: %r is not date-time' % (where, value))
    if isinstance(value, dict):
        props = schema.get('properties', {})
        errs += ['%s: %s missing' % (where, k) for k in schema.get('required', []) if k not in value]
        extra = schema.get('additionalProperties', True)
        for k, v in value.items():
            if k in props:
                errs += violations(doc, props[k], v, where + '.' + k, depth + 1)
            elif extra is False:
                errs.append('%s: unexpected %s' % (where, k))
            elif isinstance(extra, dict):
                errs += violations(doc, extra, v, where + '.' + k, depth + 1)
    if isinstance(value, list) and 'items' in schema:
        for i, v in enumerate(value):
            errs += violations(doc, schema['items'], v, '%s[%d]' % (where, i), depth + 1)
    return errs


def test_contract():
    """Every body the fake serves fits GitHub's own schema (from the OpenAPI
    description, examples/schemas.json): the fake cannot teach the client a
    shape GitHub never sends."""
    with open(SCHEMAS) as f:
        doc = json.load(f)
    bad = violations(doc, {'type': 'integer'}, 'x') + violations(doc, {'type': 'object', 'required': ['a']}, {})
    ok(len(bad) == 2, 'the schema checker itself finds violations')
    p, port, _ = start('--scenario', os.path.join(SCEN, 'basic.json'))
    cases = [(RUNS, '/repos/{owner}/{repo}/actions/runs'),
             (RUNS + '?per_page=1&page=2', '/repos/{owner}/{repo}/actions/runs'),
             (RUNS + '/30433644', '/repos/{owner}/{repo}/actions/runs/{run_id}'),
             (RUNS + '/30433643', '/repos/{owner}/{repo}/actions/runs/{run_id}'),
             (RUNS + '/30433644/jobs', '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs'),
             (RUNS + '/30433643/jobs', '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs'),
             ('/repos/octo/hello/actions/jobs/399444502', '/repos/{owner}/{repo}/actions/jobs/{job_id}'),
             ('/rate_limit', '/rate_limit'), ('/user', '/user')]
    for url, api in cases:
        st, _, b = req(port, url, auth())
        errs = violations(doc, doc['paths'][api], json.loads(b)) if st == 200 else ['HTTP %d' % st]
        ok(not errs, 'schema of GET %s%s' % (url, (': ' + '; '.join(errs[:4])) if errs else ''))
    control(port, 'scenario', {'path': os.path.join(SCEN, 'progress.json')})
    for t in (0, 40, 30, 30):
        control(port, 'advance', {'seconds': t})
        b1 = json.loads(req(port, RUNS, auth())[2])
        b2 = json.loads(req(port, RUNS + '/50000001/jobs', auth())[2])
        errs = (violations(doc, doc['paths']['/repos/{owner}/{repo}/actions/runs'], b1)
                + violations(doc, doc['paths']['/repos/{owner}/{repo}/actions/runs/{run_id}/jobs'], b2))
        ok(not errs, 'schema of runs and jobs at +%d s%s' % (t, (': ' + '; '.join(errs[:4])) if errs else ''))
    p.kill()
    p.wait()


SVC = '/repos/octo/svc'
SHA = ['e9cff632dd3d2627bd101f513207f84ef7fe8e56', '7bb8e1fde4954ba493b906b528298ae833200a2b',
       'd9f9be16d2f9d5fd043579e64975986727895711', 'd30e5fbadedb4f231d013791a3da7f270924b542',
       'e8c6fe4e07bb82b4f82053ebf2cd6e9add897165', 'c55732b606628ea6ff5aad846209704668e6cb93']


def test_deploy_reads():
    """The deploy GETs of scenarios/deploy.json, each body checked against
    GitHub's schema (examples/schemas-deploy.json)."""
    with open(os.path.join(HERE, 'examples', 'schemas-deploy.json')) as f:
        doc = json.load(f)
    p, port, _ = start('--scenario', os.path.join(SCEN, 'deploy.json'))
    R = '/repos/{owner}/{repo}'

    def get(url, api):
        st, h, b = req(port, url, auth())
        d = json.loads(b) if st == 200 else None
        errs = violations(doc, doc['responses']['GET %s 200' % (R + api)], d) if st == 200 else ['HTTP %d' % st]
        ok(not errs, 'schema of GET %s%s' % (url, (': ' + '; '.join(errs[:4])) if errs else ''))
        return st, h, d

    st, h, d = get(SVC + '/environments', '/environments')
    ok([e['name'] for e in d['environments']] == ['dev', 'staging', 'production'] and d['total_count'] == 3,
       'environments in the scenario\'s order')
    prod = d['environments'][2]
    ok(prod['id'] == 161171787 and sorted(r['type'] for r in prod['protection_rules'])
       == ['required_reviewers', 'wait_timer'] and prod['deployment_branch_policy'] is None
       and d['environments'][0]['protection_rules'] == [], 'protection rules from the scenario')
    ok('link' not in h and 'etag' in h, 'environments: no Link (none declared), an ETag')
    st, _, d = get(SVC + '/deployments', '/deployments')
    ok([x['id'] for x in d] == [301, 103, 202, 201, 102, 101], 'deployments newest first')
    st, _, d = get(SVC + '/deployments?environment=production', '/deployments')
    ok([x['id'] for x in d] == [103, 102, 101] and all(x['production_environment'] for x in d),
       'filter environment')
    st, _, d = get(SVC + '/deployments?sha=' + SHA[3], '/deployments')
    ok(sorted(x['id'] for x in d) == [103, 201], 'filter sha')
    st, _, d = get(SVC + '/deployments?ref=nope', '/deployments')
    ok(d == [], 'filter ref matching nothing: []')
    st, h, d = get(SVC + '/deployments?per_page=2&environment=production', '/deployments')
    ok(len(d) == 2 and 'rel="next"' in h.get('link', '') and 'environment=production' in h.get('link', ''),
       'deployments paginate, filters kept in Link')
    st, _, d = get(SVC + '/deployments/103/statuses', '/deployments/{deployment_id}/statuses')
    ok([s['state'] for s in d] == ['failure', 'in_progress'] and d[0]['description'] == 'health check failed'
       and d[0]['deployment_url'].endswith('/repos/octo/svc/deployments/103'), 'statuses newest first')
    ok(req(port, SVC + '/deployments/999/statuses', auth())[0] == 404, 'statuses of an unknown deployment: 404')
    st, _, d = get(SVC + '/compare/%s...%s' % (SHA[2], SHA[4]), '/compare/{basehead}')
    ok(d['status'] == 'ahead' and d['ahead_by'] == 2 and d['behind_by'] == 0 and d['total_commits'] == 2
       and [c['sha'] for c in d['commits']] == SHA[3:5]
       and [c['commit']['message'] for c in d['commits']] == ['Add the orders table', 'Faster orders page'],
       'compare: the commits going out, oldest first')
    ok([f['filename'] for f in d['files']] == ['migrations/003_orders.sql', 'src/orders.c'],
       'compare: the files they touch')
    st, _, d = get(SVC + '/compare/%s...main' % SHA[4], '/compare/{basehead}')
    ok(d['ahead_by'] == 1 and d['commits'][0]['sha'] == SHA[5], 'compare to a branch name')
    st, _, d = get(SVC + '/compare/%s...%s' % (SHA[3], SHA[1][:7]), '/compare/{basehead}')
    ok(d['status'] == 'behind' and d['behind_by'] == 2 and d['commits'] == [], 'compare backwards: behind')
    ok(req(port, SVC + '/compare/%s...%s' % (SHA[1], 'f' * 40), auth())[0] == 404
       and req(port, SVC + '/compare/' + SHA[1], auth())[0] == 404, 'compare: unknown SHA or no "...": 404')
    st, _, d = get(SVC + '/actions/runs/40000001/pending_deployments',
                   '/actions/runs/{run_id}/pending_deployments')
    ok(len(d) == 1 and d[0]['environment']['name'] == 'production' and d[0]['environment']['id'] == 161171787
       and d[0]['wait_timer'] == 30 and d[0]['current_user_can_approve'], 'pending deployments')
    st, _, d = get(SVC + '/actions/runs/40000002/pending_deployments',
                   '/actions/runs/{run_id}/pending_deployments')
    ok(d == [], 'no pending deployments: []')
    st, _, d = get(SVC + '/actions/runs/40000001/approvals', '/actions/runs/{run_id}/approvals')
    ok(len(d) == 2 and d[0]['state'] == 'approved' and d[0]['user']['login'] == 'hubot'
       and d[0]['environments'][0]['name'] == 'staging' and d[1]['state'] == 'rejected'
       and d[1]['comment'].startswith('\x1b[2J'), 'approvals (the second with a hostile comment)')
    st, _, d = get(SVC + '/actions/workflows', '/actions/workflows')
    ok([(w['id'], w['path']) for w in d['workflows']] == [(161335, '.github/workflows/ci.yml'),
                                                         (161336, '.github/workflows/deploy.yml')],
       'workflows: ids and files')
    ok(req(port, '/repos/octo/hello/actions/workflows', auth())[0] == 404, 'workflows of an unknown repository: 404')
    # Without "writes" a mutating request keeps its old answer.
    st, _, _ = req(port, SVC + '/actions/workflows/161336/dispatches', auth(), method='POST', body={'ref': 'main'})
    ok(st == 404, 'without writes: a dispatch is a logged 404')
    reqs = json.loads(req(port, '/__control/requests')[2])
    ok(reqs[-1]['method'] == 'POST' and reqs[-1]['body'] == '{"ref": "main"}', 'and its body is logged')
    p.kill()
    p.wait()


def test_deploy_writes():
    """Mutating endpoints with --writes: answers, state changes, schemas,
    the request log with exact bodies, and the journal snoop."""
    with open(os.path.join(HERE, 'examples', 'schemas-deploy.json')) as f:
        doc = json.load(f)
    journal = os.path.join(TMP, 'audit.jsonl')
    p, port, log = start('--writes', '--snoop', journal, '--scenario', os.path.join(SCEN, 'deploy.json'))
    R = '/repos/{owner}/{repo}'

    def post(url, body, api=None, status=None, raw=None, headers=None):
        if raw is not None:
            c = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
            c.request('POST', url, body=raw, headers=headers or auth())
            r = c.getresponse()
            st, h, b = r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
            c.close()
        else:
            st, h, b = req(port, url, auth() if headers is None else headers, method='POST', body=body)
        d = json.loads(b) if b else None
        if api is not None:
            errs = violations(doc, doc['responses']['POST %s %d' % (R + api, status)], d) \
                if st == status else ['HTTP %d' % st]
            ok(not errs, 'schema of POST %s -> %d%s' % (url, status, (': ' + '; '.join(errs[:4])) if errs else ''))
        return st, h, d

    # No token: 401, nothing changes.
    st, _, d = post(SVC + '/deployments', {'ref': 'main'}, headers={})
    ok(st == 401 and d['message'] == 'Requires authentication', 'a mutating request without a token: 401')
    ok(len(json.loads(req(port, SVC + '/deployments', auth())[2])) == 6, 'and nothing was created')

    # The journal snoop: what was on disk when the request arrived.
    with open(journal, 'w') as f:
        f.write('{"id":"a1","phase":"intent","action":"deploy"}\n')
    st, h, d = post(SVC + '/deployments', {'ref': 'main', 'environment': 'staging', 'required_contexts': []},
                    '/deployments', 201)
    ok(st == 201 and d['sha'] == SHA[5] and d['environment'] == 'staging' and d['ref'] == 'main'
       and not d['production_environment'], 'POST deployments: 201, the ref resolved to its SHA')
    new = d['id']
    with open(journal, 'a') as f:
        f.write('{"id":"a1","phase":"outcome","status":201}\n')
    reqs = json.loads(req(port, '/__control/requests')[2])
    e = [r for r in reqs if r['method'] == 'POST' and r['status'] == 201][-1]
    ok(e['body'] == json.dumps({'ref': 'main', 'environment': 'staging', 'required_contexts': []}),
       'the exact body is logged')
    ok(e['snoop']['path'] == journal and e['snoop']['content'] == '{"id":"a1","phase":"intent","action":"deploy"}\n',
       'the journal as it was when the request arrived (intent only)')
    st, _, d = post(SVC + '/deployments', {'environment': 'staging'})
    ok(st == 422 and d['message'] == 'Validation Failed' and d['errors'][0]['field'] == 'ref'
       and d['errors'][0]['code'] == 'missing_field', 'POST deployments without ref: 422 missing_field')
    st, _, d = post(SVC + '/deployments', None, raw=b'{"ref": ', headers=dict(auth(), **{'Content-Length': '8'}))
    ok(st == 400 and d['message'] == 'Problems parsing JSON', 'broken JSON: 400')

    st, h, d = post(SVC + '/deployments/%d/statuses' % new, {'state': 'success', 'log_url': 'https://ci/1'},
                    '/deployments/{deployment_id}/statuses', 201)
    ok(st == 201 and d['state'] == 'success' and h.get('location', '').endswith(
        '/repos/octo/svc/deployments/%d/statuses/%d' % (new, d['id'])), 'POST statuses: 201 and Location')
    d = json.loads(req(port, SVC + '/deployments/202/statuses', auth())[2])
    ok([s['state'] for s in d] == ['inactive', 'success'], 'auto_inactive: the previous staging deployment is inactive')
    st, _, _ = post(SVC + '/deployments', {'ref': SHA[4], 'environment': 'production'})
    prod = json.loads(req(port, SVC + '/deployments?environment=production', auth())[2])[0]['id']
    post(SVC + '/deployments/%d/statuses' % prod, {'state': 'success'})
    d = json.loads(req(port, SVC + '/deployments/102/statuses', auth())[2])
    ok([s['state'] for s in d] == ['success'], 'production deployments keep their success (no auto_inactive)')
    st, _, d = post(SVC + '/deployments/%d/statuses' % new, {'state': 'done'})
    ok(st == 422 and d['errors'][0]['field'] == 'state', 'a state outside the enum: 422')
    ok(post(SVC + '/deployments/999/statuses', {'state': 'success'})[0] == 404, 'statuses of no deployment: 404')

    # Dispatch: 204, then a workflow_dispatch run in the list.
    before = json.loads(req(port, SVC + '/actions/runs', auth())[2])['total_count']
    st, h, d = post(SVC + '/actions/workflows/deploy.yml/dispatches',
                    {'ref': 'main', 'inputs': {'environment': 'production', 'sha': SHA[4]}})
    ok(st == 204 and d is None, 'dispatch by file name: 204, no body')
    runs = json.loads(req(port, SVC + '/actions/runs?event=workflow_dispatch', auth())[2])['workflow_runs']
    top = runs[0]
    ok(json.loads(req(port, SVC + '/actions/runs', auth())[2])['total_count'] == before + 1
       and top['event'] == 'workflow_dispatch' and top['workflow_id'] == 161336 and top['status'] == 'queued'
       and top['head_branch'] == 'main' and top['head_sha'] == SHA[5], 'a new queued workflow_dispatch run appears')
    st, _, d = post(SVC + '/actions/workflows/161336/dispatches', {'ref': 'main', 'return_run_details': True},
                    '/actions/workflows/{workflow_id}/dispatches', 200)
    ok(st == 200 and req(port, urlsplit(d['run_url']).path, auth())[0] == 200,
       'return_run_details: 200 with the new run\'s URL')
    ok(post(SVC + '/actions/workflows/nope.yml/dispatches', {'ref': 'main'})[0] == 404, 'unknown workflow: 404')
    st, _, d = post(SVC + '/actions/workflows/161336/dispatches', {'inputs': {}})
    ok(st == 422 and d['errors'][0]['field'] == 'ref', 'dispatch without ref: 422')
    st, _, d = post(SVC + '/actions/workflows/161336/dispatches',
                    {'ref': 'main', 'inputs': {'k%d' % i: 'v' for i in range(26)}})
    ok(st == 422 and d['errors'][0]['field'] == 'inputs', 'more than 25 inputs: 422')
    control(port, 'scenario', {'path': os.path.join(SCEN, 'deploy.json'), 'set': {'dispatch_delay': 10}})
    post(SVC + '/actions/workflows/161336/dispatches', {'ref': 'main'})
    n0 = len(json.loads(req(port, SVC + '/actions/runs?event=workflow_dispatch', auth())[2])['workflow_runs'])
    control(port, 'advance', {'seconds': 11})
    n1 = len(json.loads(req(port, SVC + '/actions/runs?event=workflow_dispatch', auth())[2])['workflow_runs'])
    ok((n0, n1) == (1, 2), 'dispatch_delay: the run appears only later (%d then %d)' % (n0, n1))
    control(port, 'scenario', {'path': os.path.join(SCEN, 'deploy.json'), 'set': {'dispatch_details': False}})
    st, _, d = post(SVC + '/actions/workflows/161336/dispatches', {'ref': 'main', 'return_run_details': True})
    ok(st == 204 and d is None, 'dispatch_details false: 204 even with return_run_details')
    # That run advances on the clock, queued -> in_progress -> completed
    # success, each state in GitHub's shape, in the list and by id.
    seen = []
    for step in (0, 6, 60):
        control(port, 'advance', {'seconds': step})
        st, _, b = req(port, SVC + '/actions/workflows/deploy.yml/runs?event=workflow_dispatch&branch=main'
                       '&per_page=20', auth())
        d = json.loads(b)
        errs = violations(doc, doc['responses']['GET %s 200' % (R + '/actions/workflows/{workflow_id}/runs')], d)
        top = d['workflow_runs'][0]
        one = json.loads(req(port, SVC + '/actions/runs/%d' % top['id'], auth())[2])
        seen.append((st, not errs, top['status'], top['conclusion'], one['status'] == top['status']))
    ok(seen == [(200, True, 'queued', None, True), (200, True, 'in_progress', None, True),
                (200, True, 'completed', 'success', True)],
       'the dispatched run: queued, in_progress, completed success, schema-valid (%s)' % seen)

    # Re-run failed jobs, cancel.
    st, _, d = post(SVC + '/actions/runs/40000003/rerun-failed-jobs', None,
                    '/actions/runs/{run_id}/rerun-failed-jobs', 201)
    r = json.loads(req(port, SVC + '/actions/runs/40000003', auth())[2])
    ok(st == 201 and d == {} and r['status'] == 'queued' and r['run_attempt'] == 2,
       'rerun-failed-jobs: 201 {}, the run queued again, attempt 2')
    st, _, d = post(SVC + '/actions/runs/40000004/cancel', None, '/actions/runs/{run_id}/cancel', 202)
    r = json.loads(req(port, SVC + '/actions/runs/40000004', auth())[2])
    ok(st == 202 and r['status'] == 'completed' and r['conclusion'] == 'cancelled', 'cancel: 202, the run cancelled')
    st, _, d = post(SVC + '/actions/runs/40000002/cancel', None)
    ok(st == 409 and 'completed' in d['message'], 'cancel of a completed run: 409')
    ok(post(SVC + '/actions/runs/1/cancel', None)[0] == 404, 'cancel of no run: 404')

    # Pending deployments: approve.
    st, _, d = post(SVC + '/actions/runs/40000001/pending_deployments',
                    {'environment_ids': [161171787], 'state': 'approved'})
    ok(st == 422 and d['errors'][0]['field'] == 'comment', 'review without comment: 422 (all three required)')
    st, _, d = post(SVC + '/actions/runs/40000001/pending_deployments',
                    {'environment_ids': [161088001], 'state': 'approved', 'comment': 'x'})
    ok(st == 422, 'review of an environment that is not pending: 422')
    st, _, d = post(SVC + '/actions/runs/40000001/pending_deployments',
                    {'environment_ids': [161171787], 'state': 'approved', 'comment': 'Ship it!'},
                    '/actions/runs/{run_id}/pending_deployments', 200)
    ok(st == 200 and len(d) == 1 and d[0]['environment'] == 'production' and d[0]['sha'] == SHA[4],
       'approve: 200 with the deployment')
    ok(json.loads(req(port, SVC + '/actions/runs/40000001/pending_deployments', auth())[2]) == []
       and len(json.loads(req(port, SVC + '/actions/runs/40000001/approvals', auth())[2])) == 3,
       'approved: no longer pending, and in the approvals')

    # Faults and budget apply to writes too; PUT/PATCH/DELETE are 404.
    fault(port, '500', path='/cancel$')
    ok(post(SVC + '/actions/runs/40000004/cancel', None)[0] == 500, 'a fault applies to a mutating path')
    ok(req(port, SVC + '/environments/x', auth(), method='PUT', body={})[0] == 404, 'PUT: 404')
    reqs = json.loads(req(port, '/__control/requests')[2])
    muts = [r for r in reqs if r['method'] != 'GET']
    ok(all('body' in r and 'snoop' in r for r in muts) and not any('body' in r for r in reqs if r['method'] == 'GET'),
       'every mutating request carries its body and the snoop, GETs do not')
    raw = open(log).read()
    ok(TOKEN not in raw and TOKEN[4:20] not in raw, 'the token is never logged')
    control(port, 'snoop', {'path': os.path.join(TMP, 'missing.jsonl')})
    post(SVC + '/actions/runs/40000002/cancel', None)
    e = json.loads(req(port, '/__control/requests')[2])[-1]
    ok(e['snoop']['content'] is None and e['snoop']['error'], 'a missing journal is logged as such')
    p.kill()
    p.wait()


def test_log_host():
    p, port, _ = start('--scenario', os.path.join(SCEN, 'bigmatrix.json'))
    st, h, _ = req(port, '/repos/octo/matrix/actions/jobs/80000001000/logs', auth())
    ok(st == 302 and h['location'].startswith('http://localhost:%d/_blob/' % port), 'log_host: redirect to another host name')
    st, h, b = req(port, '/repos/octo/matrix/actions/runs/80000001/jobs?per_page=100', auth())
    ok(json.loads(b)['total_count'] == 250 and '/repositories/' in h.get('link', ''), 'jobs paginate with /repositories/ links')
    p.kill()
    p.wait()


def test_ghes():
    p, port, _ = start('--ghes', '--scenario', os.path.join(SCEN, 'green.json'))
    st, h, b = req(port, '/api/v3' + RUNS, auth())
    ok(st == 200 and json.loads(b)['total_count'] == 2, 'GHES: mounted under /api/v3')
    ok(not any(k.startswith('x-ratelimit') for k in h) and 'x-github-enterprise-version' in h,
       'GHES: no x-ratelimit-*, X-GitHub-Enterprise-Version')
    ok(('http://127.0.0.1:%d/api/v3/repos/' % port).encode() in b and b'api.github.com' not in b, 'GHES: URLs under /api/v3')
    ok(req(port, RUNS, auth())[0] == 404, 'GHES: /repos without /api/v3 is 404')
    st, h, b = req(port, '/api/v3/rate_limit', auth())
    ok(st == 404 and json.loads(b)['message'] == 'Rate limiting is not enabled.', 'GHES: /rate_limit is 404')
    p.kill()
    p.wait()


def test_repos():
    p, port, _ = start('--repos', '3')
    st, _, b = req(port, '/repos/octo/repo-2/actions/runs', auth())
    ok(st == 200 and json.loads(b)['total_count'] == 2, '--repos 3: octo/repo-2 has runs')
    ok(req(port, '/repos/octo/repo-4/actions/runs', auth())[0] == 404, '--repos 3: no repo-4')
    p.kill()
    p.wait()
    sc = os.path.join(TMP, 'queued.json')
    with open(sc, 'w') as f:
        json.dump({'generate_repos': 2, 'generate_queued': 7200}, f)
    p, port, _ = start('--scenario', sc)
    st, _, b = req(port, '/repos/octo/repo-2/actions/runs', auth())
    runs = {r['name']: r for r in json.loads(b)['workflow_runs']} if st == 200 else {}
    d = runs.get('Deploy', {})
    ok(d.get('status') == 'queued' and d.get('conclusion') is None
       and runs.get('CI', {}).get('status') == 'completed',
       'generate_queued: the Deploy run queued, CI completed')
    age = time.time() - calendar.timegm(time.strptime(d.get('updated_at', '1970-01-01T00:00:00Z'),
                                                      '%Y-%m-%dT%H:%M:%SZ'))
    ok(7100 < age < 7400, 'and last updated AGE seconds ago (%.0f)' % age)
    p.kill()
    p.wait()


def test_lifetime():
    p, port, _ = start(lifetime=1)
    try:
        p.wait(timeout=10)
        ok(True, 'exits by itself after --max-lifetime')
    except subprocess.TimeoutExpired:
        ok(False, 'exits by itself after --max-lifetime')


def test_transport_faults():
    """The faults the transport's tests use: headers on any fault, a
    trickling blob, mutating requests logged with their body."""
    p, port, log = start('--scenario', os.path.join(SCEN, 'basic.json'))
    control(port, 'fault', {'path': '/actions/runs$', 'kind': 'secondary',
                            'headers': {'Retry-After': '9223372036854775807'}})
    st, h, _ = req(port, RUNS, auth())
    ok(st == 403 and h.get('retry-after') == '9223372036854775807',
       'fault headers override the fault\'s own: %s' % h.get('retry-after'))
    st, h, _ = req(port, RUNS, auth())
    ok(st == 200 and 'retry-after' not in h, 'and only on the faulted answer')
    st = req(port, '/__control/fault', method='POST',
             body={'kind': '500', 'headers': {'X': 1}})[0]
    ok(st == 400, 'headers must be strings: 400')
    control(port, 'fault', {'path': '^/_blob/logs/11$', 'kind': 'trickle', 'seconds': 2})
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
    t0 = time.time()
    c.request('GET', '/_blob/logs/11?expires=%d' % (time.time() + 600))
    r = c.getresponse()
    first = r.read(1)
    ok(r.status == 200 and first == b'.', 'trickle: a 200 whose body starts')
    try:
        rest = r.read()
    except http.client.IncompleteRead as e:
        rest = e.partial
    c.close()
    dt = time.time() - t0
    ok(1.5 <= dt <= 6 and 2 <= len(rest) + 1 <= 6,
       'trickle: about 2 bytes a second for its seconds (%d bytes in %.1f s), then cut short'
       % (len(rest) + 1, dt))
    control(port, 'reset', {})
    st, _, b = req(port, '/repos/octo/hello/__test/echo', auth(), method='PATCH', body={'a': 1})
    ok(st == 201 and json.loads(b) == {'method': 'PATCH', 'received': 8}, 'echo: 201 %s' % b)
    st = req(port, '/repos/octo/hello/dispatches', auth(), method='POST', body={'b': 2})[0]
    ok(st == 404, 'a POST elsewhere: 404')
    reqs = json.loads(req(port, '/__control/requests')[2])
    ok([(r['method'], r['body'], r['content_type']) for r in reqs] ==
       [('PATCH', '{"a": 1}', 'application/json'), ('POST', '{"b": 2}', 'application/json')],
       'mutating requests are logged with their body and content type')
    p.kill()
    p.wait(timeout=10)


def test_quality_reads():
    """The quality GETs of scenarios/quality.json, each body checked against
    GitHub's schema (examples/schemas-quality.json), and what the scenario
    puts in them."""
    with open(os.path.join(HERE, 'examples', 'schemas-quality.json')) as f:
        doc = json.load(f)
    p, port, _ = start('--scenario', os.path.join(SCEN, 'quality.json'))
    R = '/repos/{owner}/{repo}'
    Q = '/repos/octo/svc'

    def get(url, api):
        st, h, b = req(port, url, auth())
        d = json.loads(b) if st == 200 else None
        errs = violations(doc, doc['responses']['GET %s 200' % (R + api)], d) if st == 200 else ['HTTP %d' % st]
        ok(not errs, 'schema of GET %s%s' % (url, (': ' + '; '.join(errs[:4])) if errs else ''))
        return st, h, d

    st, _, d = get(Q, '')
    ok(d['default_branch'] == 'main' and d['full_name'] == 'octo/svc' and d['owner']['login'] == 'octo',
       'the repository: its default branch and name')
    st, _, d = get(Q + '/commits/heads/main/status', '/commits/{ref}/status')
    ok(d['sha'] == 'a' * 39 + '1' and d['state'] == 'failure' and
       [x['context'] for x in d['statuses']] == ['codecov/project', 'ci/jenkins'],
       'combined status of heads/main: its SHA, failure (one failed), the statuses')
    st, h, d = get(Q + '/commits/heads/main/check-runs?per_page=2', '/commits/{ref}/check-runs')
    ok(d['total_count'] == 6 and [x['name'] for x in d['check_runs']] == ['build', 'lint']
       and 'rel="next"' in h.get('link', ''), 'check runs: total 6, a page of 2 with a next Link')
    st, _, d = get(Q + '/commits/' + 'a' * 39 + '1/check-runs?per_page=100', '/commits/{ref}/check-runs')
    e2e = [x for x in d['check_runs'] if x['name'] == 'e2e'][0]
    lint = [x for x in d['check_runs'] if x['name'] == 'lint'][0]
    ok(e2e['status'] == 'in_progress' and e2e['conclusion'] is None and lint['conclusion'] == 'failure'
       and lint['output']['annotations_count'] == 3, 'by SHA: states, conclusions, annotation counts')
    st, _, d = get(Q + '/check-runs/502/annotations', '/check-runs/{check_run_id}/annotations')
    ok([x['annotation_level'] for x in d] == ['warning', 'failure', 'notice'], 'annotations with their levels')
    st, _, d = get(Q + '/commits/' + 'c' * 39 + '3/status', '/commits/{ref}/status')
    ok(d['state'] == 'pending' and d['statuses'] == [], 'a commit nobody reported on: pending, no statuses')
    st, _, d = get(Q + '/pulls?state=open', '/pulls')
    ok([(x['number'], x['head']['sha'][:1]) for x in d] == [(12, 'b'), (14, 'c'), (15, 'e'), (16, 'n')], 'open pull requests and heads')
    st, _, d = get(Q + '/code-scanning/alerts?state=open&ref=refs%2Fheads%2Fmain', '/code-scanning/alerts')
    ok(len(d) == 1 and d[0]['rule']['security_severity_level'] == 'high', 'open code scanning alerts of a ref')
    st, _, d = get(Q + '/dependabot/alerts?state=open', '/dependabot/alerts')
    ok(len(d) == 1 and d[0]['security_advisory']['severity'] == 'critical', 'open Dependabot alerts')
    st, _, d = get(Q + '/issues?state=open&labels=release-blocker', '/issues')
    ok([x['number'] for x in d] == [7] and 'pull_request' not in d[0], 'open issues with a label')
    st, _, b = req(port, '/repos/octo/locked/code-scanning/alerts?state=open', auth())
    ok(st == 403 and 'Advanced Security' in json.loads(b)['message'], 'code scanning answering 403')
    st, _, _ = req(port, '/repos/octo/locked/dependabot/alerts', auth())
    ok(st == 404, 'Dependabot answering 404')
    st, _, _ = req(port, Q + '/commits/heads/nope/status', auth())
    ok(st == 404, 'an unknown branch: 404')
    p.kill()
    p.wait(timeout=10)


def test_issues_reads():
    """scenarios/issues.json: open issues mixed with pull requests, labels
    as objects (with colours) and as strings, a hostile title, paginated
    past 100, and a repository with issues disabled (410); every 200 body
    checked against GitHub's schema."""
    with open(os.path.join(HERE, 'examples', 'schemas-quality.json')) as f:
        doc = json.load(f)
    p, port, _ = start('--scenario', os.path.join(SCEN, 'issues.json'))
    schema = doc['responses']['GET /repos/{owner}/{repo}/issues 200']
    st, h, b = req(port, '/repos/octo/svc/issues?state=open&per_page=100', auth())
    d = json.loads(b)
    errs = violations(doc, schema, d)
    ok(st == 200 and not errs, 'schema of the issues page' + ((': ' + '; '.join(errs[:4])) if errs else ''))
    ok(len(d) == 100 and 'rel="next"' in h.get('link', ''), 'a full page and a next Link')
    nums = [x['number'] for x in d]
    ok(12 not in nums and 10 in nums and 'pull_request' in d[nums.index(10)],
       'closed issues left out, the pull request listed as GitHub does')
    i8 = d[nums.index(8)]
    ok(i8['labels'][0] == dict(i8['labels'][0], name='sev1', color='b60205'), 'a label object with its colour')
    ok(d[nums.index(11)]['labels'] == ['sev2'], 'labels as strings')
    ok(d[nums.index(7)]['assignees'][1]['login'] == 'bob', 'assignees')
    st, h, b = req(port, '/repos/octo/svc/issues?state=open&per_page=100&page=2', auth())
    d2 = json.loads(b)
    ok(st == 200 and not violations(doc, schema, d2) and len(d) + len(d2) == 115,
       'the second page holds the rest')
    st, _, b = req(port, '/repos/octo/off/issues?state=open', auth())
    ok(st == 410 and 'disabled' in json.loads(b)['message'], 'issues disabled: 410')
    cs = doc['responses']['GET /repos/{owner}/{repo}/issues/{issue_number}/comments 200']
    st, _, b = req(port, '/repos/octo/svc/issues/7/comments?per_page=100', auth())
    d = json.loads(b)
    errs = violations(doc, cs, d)
    ok(st == 200 and not errs and [x['user']['login'] for x in d] == ['carol', 'dave'],
       'an issue\'s comments, schema checked' + ((': ' + '; '.join(errs[:4])) if errs else ''))
    st, _, _ = req(port, '/repos/octo/svc/issues/999/comments', auth())
    ok(st == 404, 'comments of an unknown issue: 404')
    p.kill()
    p.wait(timeout=10)


def test_issue_writes():
    """The issue actions with --writes (fakehub_issues.py): a create
    answers 201 with a Location and an issue of GitHub's schema, the next
    list has it; a comment 201 with an issue-comment of the schema; labels
    added (200, the labels) and removed (a percent-encoded name; a label
    the issue has not: 404); no title: 422; a "method" fault is taken by
    its method only."""
    with open(os.path.join(HERE, 'examples', 'schemas-quality.json')) as f:
        doc = json.load(f)
    p, port, _ = start('--writes', '--scenario', os.path.join(SCEN, 'issues.json'))
    R = '/repos/octo/svc/issues'
    st, h, b = req(port, R, auth(), 'POST', {'title': 'New one', 'body': 'text', 'labels': ['bug']})
    d = json.loads(b)
    errs = violations(doc, {'$ref': '#/components/schemas/issue'}, d)
    ok(st == 201 and not errs and d['title'] == 'New one' and d['number'] == 1110 and
       h.get('location', '').endswith(R + '/1110') and [x['name'] for x in d['labels']] == ['bug'],
       'create: 201, Location, the issue of the schema' + ((': ' + '; '.join(errs[:4])) if errs else ''))
    st, _, b = req(port, R + '?state=open&per_page=100', auth())
    ok(st == 200 and 1110 in [x['number'] for x in json.loads(b)], 'the list has it then')
    st, _, b = req(port, R, auth(), 'POST', {'body': 'no title'})
    ok(st == 422 and json.loads(b)['errors'][0]['field'] == 'title', 'no title: 422')
    st, h, b = req(port, R + '/8/comments', auth(), 'POST', {'body': 'Me too'})
    d = json.loads(b)
    errs = violations(doc, {'$ref': '#/components/schemas/issue-comment'}, d)
    ok(st == 201 and not errs and d['body'] == 'Me too' and 'location' in h,
       'comment: 201, the comment of the schema' + ((': ' + '; '.join(errs[:4])) if errs else ''))
    st, _, b = req(port, R + '/8/labels', auth(), 'POST', {'labels': ['needs triage']})
    ok(st == 200 and [x['name'] for x in json.loads(b)] == ['sev1', 'incident', 'needs triage'],
       'labels added: 200 with the issue\'s labels')
    st, _, b = req(port, R + '/8/labels/needs%20triage', auth(), 'DELETE')
    ok(st == 200 and [x['name'] for x in json.loads(b)] == ['sev1', 'incident'], 'a label removed')
    st, _, _ = req(port, R + '/8/labels/needs%20triage', auth(), 'DELETE')
    ok(st == 404, 'a label the issue has not: 404')
    control(port, 'fault', {'path': '^' + R + '$', 'kind': '500', 'method': 'POST'})
    st, _, _ = req(port, R + '?state=open', auth())
    ok(st == 200, 'a POST fault is not taken by a GET')
    st, _, _ = req(port, R, auth(), 'POST', {'title': 'x'})
    ok(st == 500, 'but by the POST')
    p.kill()
    p.wait(timeout=10)


def main():
    try:
        p, port, log = start('--scenario', os.path.join(SCEN, 'basic.json'))
        ok(p.poll() is None and port > 0, 'started, port %d written' % port)
        s = socket.create_connection(('127.0.0.1', port), timeout=5)
        s.close()
        test_basic(port, log)
        test_more()
        test_budget()
        test_contract()
        test_deploy_reads()
        test_deploy_writes()
        test_quality_reads()
        test_issues_reads()
        test_issue_writes()
        test_log_host()
        test_ghes()
        test_repos()
        test_transport_faults()
        test_lifetime()
    except Exception as e:      # a crash is a failure, not a hang
        ok(False, 'unexpected %r' % e)
    finally:
        for p in PROCS:
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)
        shutil.rmtree(TMP, ignore_errors=True)
    print('1..%d' % N)
    return 1 if FAILED else 0


if __name__ == '__main__':
    sys.exit(main())
