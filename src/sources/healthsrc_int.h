/* healthsrc_int: what the health source's files share (healthsrc.c and a
 * probe file per kind). Internal to src/sources/healthsrc*.c. */
#ifndef OPSDECK_HEALTHSRC_INT_H
#define OPSDECK_HEALTHSRC_INT_H

#include <stdbool.h>

#include "opsdeck/health.h"
#include "opsdeck/healthparse.h"
#include "opsdeck/healthsrc.h"

struct rx;
struct transport;

enum hkind { HK_HTTP, HK_TCP, HK_COMMAND, HK_PROM, HK_AM, HK_HOST };

/* One configured check and its state; only its own job touches it. */
struct hcheck {
	struct healthsrc	*hs;
	const struct healthsrc_check_conf *cc;
	char			*name;
	enum hkind		 kind;
	struct health_limit	 warn, crit;
	struct rx		*match;
	char			**argv;		/* command */
	char			*url;		/* prometheus/alertmanager:
						 * the full request URL */
	enum healthparse_empty	 empty;
	struct health_damp	 damp;
	struct health_ring	 ring;
	unsigned		 fails;		/* no answer, in a row */
	long			 delay_s;	/* to the next probe */
	int			 job;
};

struct healthsrc {
	struct store		*store;
	const struct healthsrc_conf *conf;
	struct hcheck		*checks;
	size_t			 nchecks;
	const volatile int	*stop;
};

/* Each probe fills c (fresh): raw, value, value_text, reason, rows,
 * cert_days. tp is the worker's transport (NULL for tcp, command, host). */
void	 probe_http(struct hcheck *, struct transport *, struct health_check *);
void	 probe_tcp(struct hcheck *, struct health_check *);
void	 probe_command(struct hcheck *, struct health_check *);
void	 probe_prom(struct hcheck *, struct transport *, struct health_check *);
void	 probe_am(struct hcheck *, struct transport *, struct health_check *);
void	 probe_host(struct hcheck *, struct health_check *);

/* Whether a transport failure (its CURLcode) means the target did not
 * answer at all (refused, timed out, no such name, reset), which backoff
 * counts, rather than that it answered badly (a TLS failure). */
bool	 healthsrc_no_answer(int curl_code);

/* Percent-encoding for a query parameter value (malloc'd). */
char	*healthsrc_escape(const char *);
/* The latency state against the limits (http/tcp/command defaults). */
void	 healthsrc_set_reason(struct health_check *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* healthsrc_host.c, pure parts (exported for tests): percentages from
 * /proc's texts; -1 when the text holds no answer. */
double	 healthsrc_load_pct(const char *loadavg, long ncpu);
double	 healthsrc_mem_pct(const char *meminfo);

#endif
