"""fakehub's issue actions (issue 14): POST /repos/O/R/issues (201, the
issue, a Location), POST .../issues/N/comments (201, the comment, a
Location), POST .../issues/N/labels (200, the issue's labels) and DELETE
.../issues/N/labels/NAME (200, the labels left; 404 when the issue has no
such label). Bodies are GitHub's official examples
(tests/data/github/issues/) with the request's fields; a create adds the
issue to the scenario's "quality" "issues", so the next GET lists it.
Failing answers come from fakehub's faults (a "body" fault with "status":
422, a "500", a "timeout") like every other route.

A mixin of fakehub's Handler (the write routes of fakehub_deploy call
these under the state's lock).
"""
import copy, json, os
from urllib.parse import unquote

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data', 'github', 'issues')


def tmpl(name):
    with open(os.path.join(DATA, name + '.json')) as f:
        return json.load(f)


ISSUE_T = tmpl('issue')
COMMENT_T = tmpl('issue-comment')
LABEL_T = tmpl('label-items')[0]


def invalid(field, code='missing_field', resource='Issue'):
    return (422, {'message': 'Validation Failed',
                  'errors': [{'resource': resource, 'field': field, 'code': code}],
                  'documentation_url': 'https://docs.github.com/rest/issues/issues#create-an-issue'})


class IssueRoutes:
    def i_issues(self, repo):
        return repo.setdefault('quality', {}).setdefault('issues', [])

    def i_find(self, repo, number):
        return next((i for i in self.i_issues(repo) if str(i['number']) == str(number)), None)

    def i_label(self, repo, name):
        st = self.server.state
        return dict(copy.deepcopy(LABEL_T), name=name,
                    url='%s/repos/%s/labels/%s' % (st.base, repo['name'], name))

    def post_issue(self, repo, body, q):
        st = self.server.state
        if not isinstance(body, dict) or not isinstance(body.get('title'), str) or not body['title']:
            return invalid('title')
        labels = body.get('labels', [])
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            return invalid('labels', 'invalid')
        spec = repo.setdefault('quality', {})
        n = max([i['number'] for i in self.i_issues(repo)] +
                [999 + spec.get('issues_generated', 0), 0]) + 1
        i = {'number': n, 'labels': labels, 'title': body['title'], 'body': body.get('body', ''),
             'created_at': self.fh.iso(st.now())}
        self.i_issues(repo).append(i)
        out = copy.deepcopy(ISSUE_T)
        out.update(self.q_issue(repo, i))
        out['labels'] = [self.i_label(repo, x) for x in labels]
        out['comments'] = 0
        out.pop('pull_request', None)
        return (201, out, {'Location': out['url']})

    def post_comment(self, repo, body, q, number):
        st = self.server.state
        i = self.i_find(repo, number)
        if i is None:
            return (404, {'message': 'Not Found', 'documentation_url': self.fh.DOCS})
        if not isinstance(body, dict) or not isinstance(body.get('body'), str):
            return invalid('body', resource='IssueComment')
        i['comments'] = i.get('comments', 0) + 1
        out = copy.deepcopy(COMMENT_T)
        cid = self.next_id()
        out.update({'id': cid, 'body': body['body'], 'created_at': self.fh.iso(st.now()),
                    'updated_at': self.fh.iso(st.now()),
                    'issue_url': '%s/repos/%s/issues/%s' % (st.base, repo['name'], number),
                    'url': '%s/repos/%s/issues/comments/%d' % (st.base, repo['name'], cid),
                    'html_url': 'https://github.com/%s/issues/%s#issuecomment-%d' % (
                        repo['name'], number, cid)})
        return (201, out, {'Location': out['url']})

    def post_labels(self, repo, body, q, number):
        i = self.i_find(repo, number)
        if i is None:
            return (404, {'message': 'Not Found', 'documentation_url': self.fh.DOCS})
        names = body.get('labels') if isinstance(body, dict) else None
        if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
            return invalid('labels', 'invalid', 'Label')
        for x in names:
            if x not in i.setdefault('labels', []):
                i['labels'].append(x)
        return (200, [self.i_label(repo, x) for x in i['labels']])

    def delete_label(self, repo, body, q, number, name):
        i = self.i_find(repo, number)
        name = unquote(name)
        if i is None or name not in i.get('labels', []):
            return (404, {'message': 'Label does not exist',
                          'documentation_url': 'https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue'})
        i['labels'].remove(name)
        return (200, [self.i_label(repo, x) for x in i['labels']])
