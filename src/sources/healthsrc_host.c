/* healthsrc_host: the host probe: this machine's load (per CPU), memory
 * and disk use as percentages, one row each, against [check] cpu, memory
 * and disk (defaults 80, 85, 90: at or over is crit, within 10 points of
 * it warn). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "opsdeck/xalloc.h"
#include "healthsrc_int.h"

double
healthsrc_load_pct(const char *loadavg, long ncpu)
{
	char *end;
	double l;

	if (loadavg == NULL || ncpu < 1)
		return -1;
	l = strtod(loadavg, &end);
	if (end == loadavg || l < 0 || isnan(l))
		return -1;
	return l / (double)ncpu * 100.0;
}

/* MemAvailable (kernels since 3.14), else free + buffers + cached. */
double
healthsrc_mem_pct(const char *mi)
{
	long long total = -1, avail = -1, fr = 0, bu = 0, ca = 0, v;
	const char *p = mi;
	char key[64];
	int n;

	while (p != NULL && *p != '\0') {
		if (sscanf(p, "%63[^:]: %lld%n", key, &v, &n) == 2) {
			if (strcmp(key, "MemTotal") == 0)
				total = v;
			else if (strcmp(key, "MemAvailable") == 0)
				avail = v;
			else if (strcmp(key, "MemFree") == 0)
				fr = v;
			else if (strcmp(key, "Buffers") == 0)
				bu = v;
			else if (strcmp(key, "Cached") == 0)
				ca = v;
		}
		p = strchr(p, '\n');
		p = p != NULL ? p + 1 : NULL;
	}
	if (total <= 0)
		return -1;
	if (avail < 0)
		avail = fr + bu + ca;
	if (avail > total)
		avail = total;
	return (double)(total - avail) / (double)total * 100.0;
}

static char *
slurp(const char *path)
{
	char buf[8192];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "re")) == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return xstrdup(buf);
}

static enum health_state
judge(double pct, int limit)
{
	if (pct < 0)
		return HEALTH_UNKNOWN;
	if (pct >= limit)
		return HEALTH_CRIT;
	if (pct >= limit - 10)
		return HEALTH_WARN;
	return HEALTH_OK;
}

static void
row(struct health_check *c, const char *label, double pct, int limit,
    enum health_state *worst, double *worst_v)
{
	enum health_state s = judge(pct, limit);
	char text[64];

	if (pct < 0)
		snprintf(text, sizeof text, "cannot read");
	else
		snprintf(text, sizeof text, "%.0f%% (crit %d%%)", pct, limit);
	health_rows_add(c, HEALTH_MAX_ROWS, false, label, text,
	    pct < 0 ? NAN : pct, s, 0);
	if (health_rank(s) > health_rank(*worst) || isnan(*worst_v)) {
		*worst = health_worst(*worst, s);
		*worst_v = pct;
	}
}

void
probe_host(struct hcheck *h, struct health_check *c)
{
	const struct healthsrc_check_conf *cc = h->cc;
	const char *path = cc->path != NULL ? cc->path : "/";
	enum health_state worst = HEALTH_OK;
	double worst_v = NAN, cpu, mem, disk = -1;
	struct statvfs vs;
	char *la, *mi, *label;

	la = slurp("/proc/loadavg");
	mi = slurp("/proc/meminfo");
	cpu = healthsrc_load_pct(la, sysconf(_SC_NPROCESSORS_ONLN));
	mem = mi != NULL ? healthsrc_mem_pct(mi) : -1;
	if (statvfs(path, &vs) == 0 && vs.f_blocks > 0 &&
	    vs.f_blocks >= vs.f_bfree)
		disk = (double)(vs.f_blocks - vs.f_bfree) /
		    (double)(vs.f_blocks - vs.f_bfree + vs.f_bavail) * 100.0;
	free(la);
	free(mi);
	row(c, "load", cpu, cc->cpu, &worst, &worst_v);
	row(c, "memory", mem, cc->memory, &worst, &worst_v);
	label = xasprintf("disk %s", path);
	row(c, label, disk, cc->disk, &worst, &worst_v);
	free(label);
	health_rows_finish(c, HEALTH_MAX_ROWS, false);
	c->raw = worst;
	c->value = worst_v;
	c->value_text = xasprintf("load %.0f%% mem %.0f%% disk %.0f%%",
	    cpu < 0 ? 0 : cpu, mem < 0 ? 0 : mem, disk < 0 ? 0 : disk);
	if (worst != HEALTH_OK)
		healthsrc_set_reason(c, "%s %s", c->rows[0].label,
		    c->rows[0].text);
}
