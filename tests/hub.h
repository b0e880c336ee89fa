/* hub.h: starting and stopping tests/fakehub from a C test (header-only,
 * test code only; include after tap.h). */
#ifndef OPSDECK_TEST_HUB_H
#define OPSDECK_TEST_HUB_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "opsdeck/buf.h"

static inline double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline void
nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static inline void
hub_kill(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGTERM);
		waitpid(*pid, NULL, 0);
		*pid = -1;
	}
}

/* fork+execvp python3 fakehub.py with scenarios/NAME.json; the port file
 * in dir appears once it listens (waited for at most wait_s). Writes
 * "http://127.0.0.1:PORT" into base; skips the whole test without python3
 * or fakehub, bails out if it does not start. Returns its pid. */
static inline pid_t
hub_spawn(const char *dir, const char *scenario_name, int lifetime_s,
    double wait_s, char *base, size_t size)
{
	char port_file[128], script[512], scenario[512], port[16] = "";
	char life[16];
	char *argv[] = { "python3", script, "--port-file", port_file,
	    "--scenario", scenario, "--max-lifetime", life, NULL };
	FILE *fp;
	double end = now_s() + wait_s;
	pid_t pid;
	int status;

	snprintf(script, sizeof script, "%s/tests/fakehub/fakehub.py",
	    OD_SRCDIR);
	snprintf(scenario, sizeof scenario,
	    "%s/tests/fakehub/scenarios/%s.json", OD_SRCDIR, scenario_name);
	snprintf(port_file, sizeof port_file, "%s/port", dir);
	snprintf(life, sizeof life, "%d", lifetime_s);
	if (access(script, R_OK) != 0)
		tap_skip_all("no fakehub");
	if ((pid = fork()) == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL ||
		    freopen("/dev/null", "w", stderr) == NULL)
			_exit(126);
		execvp("python3", argv);
		_exit(127);
	}
	while (port[0] == '\0' && now_s() < end) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			tap_skip_all("python3 or fakehub unavailable");
		if ((fp = fopen(port_file, "r")) != NULL) {
			if (fgets(port, sizeof port, fp) == NULL)
				port[0] = '\0';
			port[strcspn(port, "\n")] = '\0';
			fclose(fp);
		}
		if (port[0] == '\0')
			nap_ms(50);
	}
	if (port[0] == '\0') {
		hub_kill(&pid);
		printf("Bail out! fakehub did not start\n");
		exit(1);
	}
	snprintf(base, size, "http://127.0.0.1:%s", port);
	return pid;
}

static inline size_t
hub_sink(char *p, size_t size, size_t n, void *arg)
{
	return buf_append(arg, p, size * n) == 0 ? size * n : 0;
}

/* A GET (json NULL) or POST of json to base+path with plain libcurl, not
 * through the module under test; the body into *b (caller's buf_done). */
static inline void
hub_fetch_url(const char *base, const char *path, const char *json,
    long timeout_s, struct buf *b)
{
	struct curl_slist *h = NULL;
	char url[512];
	CURL *c;

	buf_init(b, 0);
	snprintf(url, sizeof url, "%s%s", base, path);
	c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, hub_sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
	if (json != NULL) {
		h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	}
	if (curl_easy_perform(c) != CURLE_OK)
		printf("# fetch %s failed\n", path);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
}

#endif
