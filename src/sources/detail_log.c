/* detailmodel_log: a job's log. The body streams into a temp file which the
 * snapshot then maps read-only, so a 100 MB log costs no heap; a log of a
 * job that had completed is fsync'd and renamed into <cache_dir>/logs/ and
 * served from there from then on, with no request at all. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "opsdeck/buf.h"
#include "opsdeck/cachetrim.h"
#include "opsdeck/detail.h"
#include "opsdeck/detailmodel.h"
#include "opsdeck/fsutil.h"
#include "opsdeck/ghparse.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/transport.h"
#include "opsdeck/log.h"
#include "opsdeck/xalloc.h"
#include "opsdeck/run.h"
#include "opsdeck/sched.h"
#include "opsdeck/xalloc.h"

#include "detail_int.h"

#define DETAIL_TMP_PREFIX	".tmp-"
#define DETAIL_TMP_MAX_AGE_S	3600
/* Escaped repo names longer than this become a hash (NAME_MAX is 255). */
#define DETAIL_FILE_NAME_MAX	160

/* Temp files of a console that died mid-download; an hour's grace so a
 * download of another console sharing the directory is never touched. */
static void
detail_sweep(const char *dir)
{
	struct dirent *de;
	struct stat st;
	time_t old = time(NULL) - DETAIL_TMP_MAX_AGE_S;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strncmp(de->d_name, DETAIL_TMP_PREFIX,
		    sizeof DETAIL_TMP_PREFIX - 1) != 0)
			continue;
		if (fstatat(dirfd(dp), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
		    st.st_mtime < old)
			(void)unlinkat(dirfd(dp), de->d_name, 0);
	}
	closedir(dp);
}

int
detail_logs_init(struct detail *d, char **cause)
{
	struct stat st;
	char *why = NULL;

	if (fs_mkdir_private_cause(d->log_dir, 1, &why) != 0 ||
	    lstat(d->log_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		/* A directory others may write is refused outright; one
		 * that cannot be made only costs the cache. */
		if (why != NULL && errno == EPERM) {
			*cause = xasprintf("logs cache directory %s", why);
			free(why);
			return -1;
		}
		log_warn("logs cache %s: %s; logs are not cached", d->log_dir,
		    why != NULL ? why : "not a directory");
		free(why);
		free(d->log_dir);
		d->log_dir = NULL;
		return 0;
	}
	detail_sweep(d->log_dir);
	return 0;
}

int
detail_log_file_name(char *dst, size_t size, const char *repo,
    int64_t job_id)
{
	static const char hex[] = "0123456789ABCDEF";
	char name[DETAIL_FILE_NAME_MAX + 4];
	const unsigned char *p;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t n = 0;
	int w;

	if (repo == NULL)
		return -1;
	for (p = (const unsigned char *)repo; *p != '\0'; p++) {
		h = (h ^ *p) * 0x100000001b3ULL;
		if (n > DETAIL_FILE_NAME_MAX)
			continue;	/* too long: the hash instead */
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
			name[n++] = (char)*p;
		else {
			/* '.', '/' and the rest: no "..", no separator. */
			name[n++] = '%';
			name[n++] = hex[*p >> 4];
			name[n++] = hex[*p & 15];
		}
	}
	if (n > DETAIL_FILE_NAME_MAX)
		n = (size_t)snprintf(name, sizeof name, "h%016llx",
		    (unsigned long long)h);
	name[n] = '\0';
	w = snprintf(dst, size, "%s.%lld.log", name, (long long)job_id);
	return w < 0 || (size_t)w >= size ? -1 : 0;
}

static void
detail_unmap(const char *data, size_t len, void *arg)
{
	munmap((void *)(uintptr_t)data, len);
}

/* The whole file, mapped read-only (an empty one is not mapped). */
static struct detailmodel_text *
detail_map(int fd, struct detail_result *res)
{
	struct stat st;
	void *p;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(res->error, sizeof res->error, "log: not a file");
		return NULL;
	}
	if (st.st_size == 0)
		return detailmodel_text_new(NULL, 0, NULL, NULL);
	if ((uint64_t)st.st_size > SIZE_MAX ||
	    (p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
	    0)) == MAP_FAILED) {
		snprintf(res->error, sizeof res->error, "log: mmap: %s",
		    strerror(errno));
		return NULL;
	}
	return detailmodel_text_new(p, (size_t)st.st_size, detail_unmap, NULL);
}

/* The line index, here on the worker: the UI never indexes 100 MB. Out of
 * memory leaves the snapshot without one (the text is still there); so
 * does a shutdown, which must not wait for 256 MiB to be indexed. */
static void
detail_index(struct detail *d, struct detailmodel_text *t)
{
	const volatile int *stop;

	pthread_mutex_lock(&d->lock);
	stop = d->sched != NULL ? sched_stop_flag(d->sched) : NULL;
	pthread_mutex_unlock(&d->lock);
	if (detailmodel_text_index_stop(t, stop) != 0)
		log_warn("log: no line index: %s", stop != NULL &&
		    __atomic_load_n(stop, __ATOMIC_RELAXED) ?
		    "shutting down" : "out of memory");
}

/* 0 when the cache has the log (res filled), -1 on a miss. */
static int
detail_cached(struct detail *d, const char *path, struct detail_result *res)
{
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	    O_NONBLOCK)) < 0)
		return -1;
	res->text = detail_map(fd, res);
	close(fd);
	if (res->text == NULL) {
		res->error[0] = '\0';	/* a bad entry is a miss */
		return -1;
	}
	detail_index(d, res->text);
	res->complete = true;
	res->ok = true;
	return 0;
}

/* Whether the job had completed: then its log is final. From a jobs list
 * fetched here if one says so, else GET .../actions/jobs/ID (conditional:
 * a 304 is free), parsed by ghparse_jobs as a list of one. */
static int
detail_job_done(struct detail *d, struct transport *h, const char *repo,
    int64_t job_id, bool *done, struct detail_result *res)
{
	struct ghclient_response r;
	struct job *jobs = NULL;
	struct buf b;
	size_t njobs = 0, i;
	long total;
	char *path, *cause = NULL;
	enum ghclient_class k;
	int rc = -1;

	if ((*done = detail_known_complete(d, repo, job_id)))
		return 0;
	path = xasprintf("/repos/%s/actions/jobs/%lld", repo,
	    (long long)job_id);
	ghclient_response_init(&r);
	buf_init(&b, 0);
	res->sent = true;
	if (ghclient_get(d->gc, h, path, 0, &r) != 0 ||
	    ((k = ghclient_classify(&r)) != GHCLIENT_OK &&
	    k != GHCLIENT_NOT_MODIFIED)) {
		detail_http_error(d, &r, ghclient_classify(&r), "job", res);
		goto out;
	}
	if (buf_puts(&b, "{\"jobs\":[") != 0 ||
	    buf_append(&b, r.http.body.data, r.http.body.len) != 0 ||
	    buf_puts(&b, "]}") != 0) {
		snprintf(res->error, sizeof res->error, "out of memory");
		goto out;
	}
	if (ghparse_jobs(b.data, b.len, &jobs, &njobs, &total, &cause) != 0 ||
	    njobs != 1 || jobs[0].id != job_id) {
		snprintf(res->error, sizeof res->error, "job: bad JSON: %s",
		    cause != NULL ? cause : "not the job asked for");
		goto out;
	}
	*done = jobs[0].status != NULL &&
	    strcmp(jobs[0].status, "completed") == 0;
	rc = 0;
out:
	for (i = 0; i < njobs; i++)
		job_done(&jobs[i]);
	free(jobs);
	free(cause);
	free(path);
	buf_done(&b);
	ghclient_response_done(&r);
	return rc;
}

/* A signed URL the blob host refused (expired) or lost: 403, 404 or 410
 * that is neither a rate limit nor a JSON answer of the API itself. */
static bool
detail_url_refused(const struct ghclient_response *r, enum ghclient_class k)
{
	if (r->http.status != 403 && r->http.status != 404 &&
	    r->http.status != 410)
		return false;
	if (k == GHCLIENT_RATE_PRIMARY || k == GHCLIENT_RATE_SECONDARY)
		return false;
	return r->http.content_type == NULL ||
	    strncasecmp(r->http.content_type, "application/json", 16) != 0;
}

/* GET .../logs with GHCLIENT_FOLLOW into fd: the 302 is followed to the blob
 * host without the token; a refused signed URL is asked for once more.
 * Only the API path is ever logged, never the Location. */
static int
detail_download(struct detail *d, struct transport *h, const char *repo,
    int64_t job_id, int fd, struct detail_result *res)
{
	struct ghclient_response r;
	enum ghclient_class k;
	char *path;
	int attempt, rc;

	path = xasprintf("/repos/%s/actions/jobs/%lld/logs", repo,
	    (long long)job_id);
	for (attempt = 0; attempt < 2; attempt++) {
		ghclient_response_init(&r);
		res->sent = true;
		rc = ghclient_get_file(d->gc, h, path, GHCLIENT_FOLLOW, fd,
		    d->o.max_log_bytes, &d->log_cancel, &r);
		k = ghclient_classify(&r);
		if (rc == 0 && k == GHCLIENT_OK) {
			ghclient_response_done(&r);
			free(path);
			return 0;
		}
		if (rc != 0 && __atomic_load_n(&d->log_cancel,
		    __ATOMIC_RELAXED) != 0) {
			snprintf(res->error, sizeof res->error,
			    "log: stopped for a newer log");
			ghclient_response_done(&r);
			break;
		}
		if (rc == 0 && attempt == 0 && detail_url_refused(&r, k)) {
			log_info("%s: log URL refused (HTTP %ld): asking for "
			    "a fresh one", path, r.http.status);
			ghclient_response_done(&r);
			continue;
		}
		detail_http_error(d, &r, k, "log", res);
		ghclient_response_done(&r);
		break;
	}
	free(path);
	return -1;
}

/* A temp file for the body: in the cache directory when it may be kept
 * (renamed into place later), else already unlinked in tmp_dir. */
static int
detail_tmp(struct detail *d, bool keep, char *tmp, size_t size)
{
	const char *dir = keep && d->log_dir != NULL ? d->log_dir :
	    d->tmp_dir;
	int fd, n;

	n = snprintf(tmp, size, "%s/%sXXXXXX", dir, DETAIL_TMP_PREFIX);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		tmp[0] = '\0';
		return -1;
	}
	/* mkostemp creates mode 0600. */
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		tmp[0] = '\0';
		return -1;
	}
	if (!keep || d->log_dir == NULL) {
		(void)unlink(tmp);
		tmp[0] = '\0';
	}
	return fd;
}

void
detail_fetch_log(struct detail *d, struct transport *h, const char *repo,
    int64_t job_id, struct detail_result *res)
{
	char name[256], *path = NULL, tmp[PATH_MAX] = "";
	struct stat st;
	bool have_path = false, done;
	int fd = -1;

	if (d->log_dir != NULL &&
	    detail_log_file_name(name, sizeof name, repo, job_id) == 0) {
		path = xasprintf("%s/%s", d->log_dir, name);
		have_path = true;
	}
	if ((have_path && detail_cached(d, path, res) == 0) ||
	    detail_waiting(d, res) ||
	    detail_job_done(d, h, repo, job_id, &done, res) != 0) {
		free(path);
		return;
	}
	if ((fd = detail_tmp(d, done && have_path, tmp, sizeof tmp)) < 0) {
		snprintf(res->error, sizeof res->error, "log: temp file: %s",
		    strerror(errno));
		free(path);
		return;
	}
	if (detail_download(d, h, repo, job_id, fd, res) != 0)
		goto out;
	if (tmp[0] != '\0') {
		/* Whole or not at all: fsync, then an atomic rename. */
		if (fsync(fd) != 0 || rename(tmp, path) != 0)
			log_warn("logs cache: cannot store %s: %s", name,
			    strerror(errno));
		else {
			tmp[0] = '\0';
			if (d->log_trim != NULL && fstat(fd, &st) == 0)
				cachetrim_added(d->log_trim,
				    (long long)st.st_size);
		}
	}
	if ((res->text = detail_map(fd, res)) == NULL)
		goto out;
	detail_index(d, res->text);
	res->complete = done;
	res->ok = true;
out:
	close(fd);
	if (tmp[0] != '\0')
		(void)unlink(tmp);
	free(path);
}
